import { ActionRow } from '../../components/ActionRow.js';
import { TicketIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/** Assisted mode: what the guide can do for the customer, and the way out of it. */
export function GuideAssistedScreen({ view, send, t }: ScreenProps<'guideAssisted'>) {
  return (
    <section
      className="screen screen--guide"
      data-testid="screen-guideAssisted"
      aria-labelledby="guide-assisted-title"
    >
      <h1 id="guide-assisted-title" className="headline">
        {t('guide.assistedTitle')}
      </h1>
      <button
        type="button"
        role="switch"
        aria-checked={view.disability}
        className="action action--secondary guide-flag"
        data-testid="assist-disability"
        onClick={() => send({ type: 'ASSIST_SET_DISABILITY', disability: !view.disability })}
      >
        <span aria-hidden="true" className="guide-flag__box">
          {view.disability ? '✓' : ''}
        </span>
        <span>{t('guide.disabilityFlag')}</span>
      </button>
      <button
        type="button"
        className="action action--primary"
        data-testid="assist-priority-ticket"
        onClick={() => send({ type: 'ASSIST_PRIORITY_TICKET' })}
      >
        <TicketIcon />
        <span>{t('guide.priorityTicket')}</span>
      </button>
      <ActionRow
        className="guide-footer"
        actions={[
          { testId: 'end-assisted', label: 'guide.endAssisted', command: { type: 'FINISH' } },
        ]}
        send={send}
        t={t}
      />
    </section>
  );
}
