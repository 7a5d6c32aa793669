import { FinishButton } from '../../components/FinishButton.js';
import { PromptLine } from '../../components/PromptLine.js';
import { WarningIcon } from '../../components/icons.js';
import { TicketNumber, WaitingAhead } from './TicketDetails.js';
import { RemindBySmsButton } from './RemindBySmsButton.js';
import { TicketQrCode } from './TicketQrCode.js';
import type { ScreenProps } from '../types.js';

/**
 * The printer failed after the number was reserved: the number is the customer's ticket now, so
 * it is shown as large as on a printed one; why it did not print is in the notice banner. While
 * the printer is ready again, "print again" is offered: the customer's tap is the only thing
 * that prints the ticket again.
 */
export function TicketNotPrintedScreen({ view, send, t }: ScreenProps<'ticketNotPrinted'>) {
  const { ticket } = view;
  return (
    <section
      className="screen screen--ticket"
      data-testid="screen-ticketNotPrinted"
      aria-labelledby="not-printed-title"
    >
      <h1 id="not-printed-title" className="headline headline--with-icon">
        <WarningIcon className="icon headline__icon headline__icon--warn" />
        {t('ticketNotPrinted.title')}
      </h1>
      <div className="ticket-layout">
        <TicketNumber ticket={ticket} branchName={view.branchName} t={t} />
        <div className="ticket-layout__side">
          <WaitingAhead ticket={ticket} language={view.language} t={t} />
          <p className="instruction instruction--strong">
            {t('ticketNotPrinted.noteNumber', { number: ticket.number })}
          </p>
          {/* The ways on before the steps and the QR code: "print again" appears when the printer
          is back, and must not appear below the fold where nobody sees it. */}
          <div className="ticket-actions">
            {view.canReprint && (
              <button
                type="button"
                className="action action--secondary action--wide"
                data-testid="reprint"
                onClick={() => send({ type: 'REPRINT_TICKET' })}
              >
                {t('ticketNotPrinted.printAgain')}
              </button>
            )}
            <RemindBySmsButton offered={view.canRemindBySms} send={send} t={t} />
            <FinishButton send={send} t={t} />
          </div>
          <div className="next-steps" data-testid="next-steps">
            <p>{t('ticketNotPrinted.nextSteps')}</p>
            <ol>
              <li>{t('ticketNotPrinted.stepRemember')}</li>
              <li>{t('ticketNotPrinted.stepListen')}</li>
              <li>{t('ticketNotPrinted.stepGuide')}</li>
            </ol>
          </div>
          {/* No paper: the phone can follow the queue instead. */}
          <TicketQrCode payload={ticket.qrPayload} label={t('ticketIssued.scanToFollow')} />
          <PromptLine
            view={view}
            shown={['ticketNotPrinted.title', 'ticketNotPrinted.noteNumber']}
          />
        </div>
      </div>
    </section>
  );
}
