import { PromptLine } from '../../components/PromptLine.js';
import { DigitKeypad } from '../../components/DigitKeypad.js';
import { BackIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';

/** The ticket number for "my ticket", on a keypad of the branch's prefixes and the digits. */
export function QueryInputScreen({ view, send, t }: ScreenProps<'queryInput'>) {
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
      <div className="screen__footer query-footer">
        <button
          type="button"
          className="action action--secondary"
          data-testid="back"
          onClick={() => send({ type: 'BACK' })}
        >
          <BackIcon />
          <span>{t('common.back')}</span>
        </button>
        <button
          type="button"
          className="action action--primary"
          data-testid="show"
          disabled={!view.complete}
          onClick={() => send({ type: 'SUBMIT_QUERY_INPUT' })}
        >
          {t('query.show')}
        </button>
      </div>
    </section>
  );
}
