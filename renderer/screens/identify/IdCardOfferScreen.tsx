import { ActionRow, backAction } from '../../components/ActionRow.js';
import { PromptLine } from '../../components/PromptLine.js';
import { ChevronIcon, TicketIcon } from '../../components/icons.js';
import { formatPrompt } from '../../i18n.js';
import type { ScreenProps } from '../types.js';

/** The ticket flow's first question when a reader is ready: use the ID card, or go on without. */
export function IdCardOfferScreen({ view, send, t }: ScreenProps<'idCardOffer'>) {
  return (
    <section
      className="screen screen--menu"
      data-testid="screen-idCardOffer"
      aria-labelledby="id-offer-title"
    >
      <h1 id="id-offer-title" className="headline">
        {t('identify.offer.title')}
      </h1>
      {view.prompt.key === 'identify.offer.body' ? (
        <p className="body-text">{formatPrompt(view.language, view.prompt)}</p>
      ) : (
        <PromptLine view={view} shown={['identify.offer.title']} />
      )}
      <div className="actions">
        <button
          type="button"
          className="card-button card-button--primary card-button--hero"
          data-testid="use-id-card"
          onClick={() => send({ type: 'USE_ID_CARD' })}
        >
          <span className="card-button__label">{t('identify.offer.useCard')}</span>
          <ChevronIcon className="icon card-button__chevron" />
        </button>
        <button
          type="button"
          className="card-button"
          data-testid="skip-id-card"
          onClick={() => send({ type: 'CONTINUE_WITHOUT_ID_CARD' })}
        >
          <TicketIcon className="icon card-button__icon" />
          <span className="card-button__label">{t('identify.offer.continueWithout')}</span>
          <ChevronIcon className="icon card-button__chevron" />
        </button>
      </div>
      <ActionRow actions={[backAction()]} send={send} t={t} />
    </section>
  );
}
