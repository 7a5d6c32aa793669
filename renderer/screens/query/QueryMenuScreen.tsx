import { ActionRow, backAction } from '../../components/ActionRow.js';
import { useChoicePages } from '../../components/ChoicePages.js';
import { PromptLine } from '../../components/PromptLine.js';
import { ChevronIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';
import { InfoIcon } from '../../components/icons.js';
import { useTicketScanner } from '../../scanner/useTicketScanner.js';

/** What would you like to know? One card per query the kiosk offers, in the host's order. */
export function QueryMenuScreen({ view, send, t }: ScreenProps<'queryMenu'>) {
  useTicketScanner(send);
  const pages = useChoicePages(view.entries, view.elder ?? false, t);
  return (
    <section
      className="screen screen--query"
      data-testid="screen-queryMenu"
      aria-labelledby="query-title"
    >
      <h1 id="query-title" className="headline">
        {t('query.title')}
      </h1>
      <PromptLine view={view} shown={['query.title']} />
      <ul className="query-entries">
        {pages.shown.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              className="card-button"
              data-testid={`query-${entry.id}`}
              onClick={() => send({ type: 'CHOOSE_QUERY', queryId: entry.id })}
            >
              <InfoIcon className="icon card-button__icon" />
              <span className="card-button__label">{t(entry.label)}</span>
              <ChevronIcon className="icon card-button__chevron" />
            </button>
          </li>
        ))}
      </ul>
      {pages.controls}
      <ActionRow actions={[backAction()]} send={send} t={t} />
    </section>
  );
}
