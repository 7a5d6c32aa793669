import { ActionRow, type RowAction } from '../../components/ActionRow.js';
import { useChoicePages } from '../../components/ChoicePages.js';
import { PromptLine } from '../../components/PromptLine.js';
import { BackIcon, ChevronIcon } from '../../components/icons.js';
import { MENU_ENTRIES } from '../menu-entries.js';
import type { ScreenProps } from '../types.js';
import { startMyTicketByScan, useTicketScanner } from '../../scanner/useTicketScanner.js';

/**
 * "Back to start": the customer leaves on purpose. FINISH ends the session the way the
 * inactivity reset does (the session machine's menu goes to `attract`, which forgets the
 * customer: language, elder mode, voice; the page clears its storage), without the wait.
 */
const BACK_TO_START: RowAction = {
  testId: 'back-to-start',
  label: 'menu.backToStart',
  command: { type: 'FINISH' },
  icon: BackIcon,
};

/** The home menu: one large button per flow the host offers, in the host's order. */
export function MenuScreen({ view, send, t }: ScreenProps<'menu'>) {
  // A ticket held to the lobby scanner: straight to its "my ticket" answer.
  useTicketScanner(send, startMyTicketByScan);
  // In elder mode a menu longer than the elder limit pages (today's four entries fit on one).
  const pages = useChoicePages(view.entries, view.elder ?? false, t);
  return (
    <section className="screen screen--menu" data-testid="screen-menu" aria-labelledby="menu-title">
      <h1 id="menu-title" className="headline">
        {t('menu.title')}
      </h1>
      <PromptLine view={view} shown={['menu.title']} />
      <div className="actions">
        {pages.shown.map((entry) => {
          const presentation = MENU_ENTRIES[entry.flow as keyof typeof MENU_ENTRIES];
          if (!presentation) return null;
          const { Icon, testId } = presentation;
          return (
            <button
              key={entry.flow}
              type="button"
              className={`card-button${entry === view.entries[0] ? ' card-button--primary card-button--hero' : ''}`}
              data-testid={testId}
              onClick={() => send({ type: 'START_FLOW', flow: presentation.flow })}
            >
              <Icon className="icon card-button__icon" />
              <span className="card-button__label">{t(entry.label)}</span>
              <ChevronIcon className="icon card-button__chevron" />
            </button>
          );
        })}
      </div>
      {pages.controls}
      <ActionRow actions={[BACK_TO_START]} send={send} t={t} />
    </section>
  );
}
