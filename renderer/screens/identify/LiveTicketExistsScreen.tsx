import { ActionRow, backAction } from '../../components/ActionRow.js';
import { PromptLine } from '../../components/PromptLine.js';
import { WarningIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/** The abuse guard: this ID card already holds a live ticket for this service; why, and until when. */
export function LiveTicketExistsScreen({ view, send, t }: ScreenProps<'liveTicketExists'>) {
  return (
    <section
      className="screen screen--centered"
      data-testid="screen-liveTicketExists"
      aria-labelledby="live-ticket-title"
    >
      <h1 id="live-ticket-title" className="headline headline--with-icon">
        <WarningIcon className="icon headline__icon headline__icon--warn" />
        {t('identify.liveTicket.title')}
      </h1>
      <p className="body-text">
        {t('identify.liveTicket.body', {
          number: view.number,
          businessType: view.businessTypeName,
          until: view.liveUntil,
        })}
      </p>
      <PromptLine view={view} shown={['identify.liveTicket.title']} />
      {/* Back, then "done", in the footer: the same row as on every other screen. */}
      <ActionRow actions={[backAction()]} finish send={send} t={t} />
    </section>
  );
}
