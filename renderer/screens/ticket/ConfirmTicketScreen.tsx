import { ActionRow, backAction } from '../../components/ActionRow.js';
import { PromptLine } from '../../components/PromptLine.js';
import { TicketIcon } from '../../components/icons.js';
import { WaitingAhead } from './TicketDetails.js';
import type { ScreenProps } from '../types.js';

/**
 * Before a number is taken: the queue chosen, the people ahead and the estimated wait (or "wait
 * unknown"), as of the branch's count. Print the ticket, or choose another service.
 */
export function ConfirmTicketScreen({ view, send, t }: ScreenProps<'confirmTicket'>) {
  const { businessType } = view;
  return (
    <section className="screen" data-testid="screen-confirmTicket" aria-labelledby="confirm-title">
      <h1 id="confirm-title" className="headline">
        {t('confirmTicket.title')}
      </h1>
      <div className="confirm-ticket">
        <p className="business-type confirm-ticket__type" data-testid="confirm-business-type">
          <span className="business-type__prefix" aria-hidden="true">
            {businessType.prefix}
          </span>
          <span className="business-type__text">
            <span className="business-type__name">{businessType.name}</span>
            {businessType.description ? (
              <span className="business-type__description">{businessType.description}</span>
            ) : null}
          </span>
        </p>
        {view.counting === true ? (
          <p className="body-text ticket__ahead" data-testid="waiting-ahead" aria-busy="true">
            {t('confirmTicket.counting')}
          </p>
        ) : (
          <WaitingAhead ticket={view.wait} language={view.language} t={t} />
        )}
      </div>
      <PromptLine view={view} shown={['confirmTicket.title']} />
      <div className="actions">
        <button
          type="button"
          className="action action--primary action--wide"
          data-testid="confirm-ticket"
          disabled={view.counting === true}
          onClick={() => send({ type: 'CONFIRM_TICKET' })}
        >
          <TicketIcon className="icon" />
          <span>{t('confirmTicket.confirm')}</span>
        </button>
      </div>
      <ActionRow actions={[backAction({ label: 'confirmTicket.chooseAgain' })]} send={send} t={t} />
    </section>
  );
}
