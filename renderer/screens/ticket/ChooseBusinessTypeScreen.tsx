import { ActionRow, backAction } from '../../components/ActionRow.js';
import { useChoicePages } from '../../components/ChoicePages.js';
import { PromptLine } from '../../components/PromptLine.js';
import type { ScreenProps } from '../types.js';

export function ChooseBusinessTypeScreen({ view, send, t }: ScreenProps<'chooseBusinessType'>) {
  const pages = useChoicePages(view.businessTypes, view.elder ?? false, t);
  return (
    <section
      className="screen screen--choose"
      data-testid="screen-chooseBusinessType"
      aria-labelledby="choose-title"
    >
      <h1 id="choose-title" className="headline">
        {t('chooseBusinessType.title')}
      </h1>
      <PromptLine view={view} shown={['chooseBusinessType.title', 'chooseBusinessType.none']} />
      {view.businessTypes.length === 0 ? (
        <p className="body-text empty">{t('chooseBusinessType.none')}</p>
      ) : (
        <ul className="business-types">
          {pages.shown.map((type) => (
            <li key={type.id}>
              {/* A closed one stays tappable: the host refuses it and the notice says why. */}
              <button
                type="button"
                className={
                  type.unavailable === undefined
                    ? 'card-button business-type'
                    : 'card-button business-type business-type--unavailable'
                }
                data-testid={`business-type-${type.id}`}
                aria-disabled={type.unavailable === undefined ? undefined : 'true'}
                onClick={() => send({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: type.id })}
              >
                <span className="business-type__prefix" aria-hidden="true">
                  {type.prefix}
                </span>
                <span className="business-type__text">
                  <span className="business-type__name">{type.name}</span>
                  {type.description ? (
                    <span className="business-type__description">{type.description}</span>
                  ) : null}
                  {type.unavailable !== undefined ? (
                    <span
                      className="business-type__unavailable"
                      data-testid={`business-type-${type.id}-unavailable`}
                    >
                      {type.unavailable}
                    </span>
                  ) : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {pages.controls}
      <ActionRow actions={[backAction()]} send={send} t={t} />
    </section>
  );
}
