import { PromptLine } from '../../components/PromptLine.js';
import { BackIcon } from '../../components/icons.js';
import type { ScreenProps } from '../types.js';
import '../../components/keyboard.css';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

/** The ticket number for "my ticket", on a keypad of the branch's prefixes and the digits. */
export function QueryInputScreen({ view, send, t }: ScreenProps<'queryInput'>) {
  const key = (text: string) => (
    <button
      key={text}
      type="button"
      className="keyboard__key"
      data-testid={`key-${text}`}
      onClick={() => send({ type: 'TYPE_QUERY_INPUT', text })}
    >
      {text}
    </button>
  );
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
      <div className="keyboard" role="group" aria-label={t('query.ticketNumber')}>
        <div className="keyboard__row">{view.prefixes.map(key)}</div>
        <div className="keyboard__row">{DIGITS.slice(0, 5).map(key)}</div>
        <div className="keyboard__row">{DIGITS.slice(5).map(key)}</div>
        <div className="keyboard__row">
          <button
            type="button"
            className="keyboard__key keyboard__key--erase"
            data-testid="key-erase"
            onClick={() => send({ type: 'ERASE_QUERY_INPUT' })}
          >
            {t('feedback.erase')}
          </button>
        </div>
      </div>
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
