import { ActionRow, backAction } from '../../components/ActionRow.js';
import { PromptLine } from '../../components/PromptLine.js';
import { DigitKeypad } from '../../components/DigitKeypad.js';
import type { ScreenProps } from '../types.js';
import { useTicketScanner } from '../../scanner/useTicketScanner.js';

/** The ticket number for "my ticket", on a keypad of the branch's prefixes and the digits. */
export function QueryInputScreen({ view, send, t }: ScreenProps<'queryInput'>) {
  useTicketScanner(send);
  return (
    <section
      className="screen screen--query"
      data-testid="screen-queryInput"
      aria-labelledby="query-input-title"
    >
      <h1 id="query-input-title" className="headline">
        {t(view.title)}
      </h1>
      <h2 id="query-input-label" className="query-block__heading">
        {t('query.enterNumber')}
      </h2>
      <PromptLine view={view} shown={['query.enterNumber', view.title]} />
      <p className="query-input" data-testid="query-input" aria-labelledby="query-input-label">
        {view.input}
      </p>
      <DigitKeypad
        label={t('query.ticketNumber')}
        eraseLabel={t('feedback.erase')}
        letters={view.prefixes}
        onKey={(text) => send({ type: 'TYPE_QUERY_INPUT', text })}
        onErase={() => send({ type: 'ERASE_QUERY_INPUT' })}
      />
      <ActionRow
        className="query-footer"
        actions={[
          backAction(),
          {
            testId: 'show',
            label: 'query.show',
            command: { type: 'SUBMIT_QUERY_INPUT' },
            primary: true,
            disabled: !view.complete,
          },
        ]}
        send={send}
        t={t}
      />
    </section>
  );
}
