import { FinishButton } from '../../components/FinishButton.js';
import { PromptLine } from '../../components/PromptLine.js';
import { CheckIcon, TicketIcon } from '../../components/icons.js';
import { TicketNumber, WaitingAhead } from './TicketDetails.js';
import { RemindBySmsButton } from './RemindBySmsButton.js';
import { TicketQrCode } from './TicketQrCode.js';
import type { ScreenProps } from '../types.js';

export function TicketIssuedScreen({ view, send, t }: ScreenProps<'ticketIssued'>) {
  const { ticket } = view;
  return (
    <section
      className="screen screen--ticket"
      data-testid="screen-ticketIssued"
      aria-labelledby="issued-title"
    >
      <h1 id="issued-title" className="headline headline--with-icon">
        <CheckIcon className="icon headline__icon headline__icon--ok" />
        {t('ticketIssued.title')}
      </h1>
      <div className="ticket-layout">
        <TicketNumber ticket={ticket} branchName={view.branchName} t={t} />
        <div className="ticket-layout__side">
          <WaitingAhead ticket={ticket} language={view.language} t={t} />
          <p className="instruction">
            <TicketIcon className="icon instruction__icon" />
            <span>{t('ticketIssued.takeTicket')}</span>
          </p>
          <PromptLine
            view={view}
            shown={['ticketIssued.title', 'ticketIssued.takeTicket', 'ticketIssued.yourNumber']}
          />
          {/* The ways on before the QR code, so that "done" is in sight in elder mode too. */}
          <div className="ticket-actions">
            {/* Optional: "done" leaves without a word of feedback. */}
            <button
              type="button"
              className="action action--secondary action--wide"
              data-testid="rate-us"
              onClick={() => send({ type: 'RATE_US' })}
            >
              {t('feedback.rateUs')}
            </button>
            <RemindBySmsButton offered={view.canRemindBySms} send={send} t={t} />
            <FinishButton send={send} t={t} />
          </div>
          <TicketQrCode payload={ticket.qrPayload} label={t('ticketIssued.scanToFollow')} />
        </div>
      </div>
    </section>
  );
}
