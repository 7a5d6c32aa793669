import type { CSSProperties } from 'react';
import type { TicketView } from '../../../src/bridge/contract.js';
import type { QueueWaitView } from '../../../src/bridge/features/ticket.js';
import type { Language } from '../../../src/domain/business-type.js';
import type { Translate } from '../../i18n.js';
import { PRIORITY_WORDS } from '../../../src/i18n/priority-words.js';

/** "Your number", the number itself (very large), the queue and how many are ahead. */
export function TicketNumber({
  ticket,
  branchName,
  t,
}: {
  ticket: TicketView;
  branchName: string;
  t: Translate;
}) {
  return (
    <div className="ticket">
      <p className="ticket__label" id="ticket-number-label">
        {t('ticketIssued.yourNumber')}
      </p>
      <p
        className="ticket__number"
        data-testid="ticket-number"
        aria-describedby="ticket-number-label"
        // Lets the CSS fit a longer number on one line (set through CSSOM, which the CSP allows).
        style={{ '--ticket-chars': Math.max(4, ticket.number.length) } as CSSProperties}
      >
        {ticket.number}
      </p>
      <p className="ticket__type" data-testid="ticket-business-type">
        {ticket.businessTypeName}
      </p>
      {ticket.priority !== undefined ? (
        <p className="ticket__type" data-testid="ticket-priority">
          {t(PRIORITY_WORDS[ticket.priority])}
        </p>
      ) : null}
      <p className="ticket__meta" data-testid="ticket-meta">
        {branchName}
        {ticket.issuedAt !== undefined ? ` · ${ticket.issuedAt}` : ''}
      </p>
      {ticket.issuedOffline === true && (
        <p className="ticket__offline" data-testid="ticket-issued-offline">
          {t('ticketIssued.issuedOffline')}
        </p>
      )}
    </div>
  );
}

/** People ahead and the estimated wait "as of" the branch's count, or "wait unknown". */
export function WaitingAhead({
  ticket,
  language,
  t,
}: {
  ticket: QueueWaitView;
  language: Language;
  t: Translate;
}) {
  if (ticket.waitUnknown === true) {
    return (
      <p className="body-text ticket__ahead" data-testid="waiting-ahead">
        {t('ticketIssued.waitUnknown')}
      </p>
    );
  }
  const count = ticket.waitingAhead;
  const text =
    count <= 0
      ? t('ticketIssued.noneAhead')
      : count === 1
        ? t('ticketIssued.oneAhead')
        : t('ticketIssued.waitingAhead', { count });
  const minutes = ticket.estimatedWaitMinutes;
  return (
    <p className="body-text ticket__ahead" data-testid="waiting-ahead">
      {text}
      {count > 0 && typeof minutes === 'number' && (
        <span data-testid="wait-estimate">
          {/* Joined as the host words it (main/features/ticket.ts): a comma, Chinese or not. */}
          {language === 'en' ? ', ' : '，'}
          {t('ticketIssued.waitMinutes', { minutes })}
        </span>
      )}
      {ticket.asOf !== undefined && (
        <span data-testid="wait-as-of">
          {/* A full-width bracket carries its own space; a Latin one needs one. */}
          {language === 'en' ? ' ' : ''}
          {t('ticketIssued.asOf', { time: ticket.asOf })}
        </span>
      )}
    </p>
  );
}
