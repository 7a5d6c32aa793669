import { LANGUAGES } from '../../src/domain/business-type.js';
import { formatMessage } from '../../src/i18n/messages.js';
import { PlugIcon } from '../components/icons.js';

/**
 * Shown until the first view arrives and whenever the host is unreachable. The language of the
 * session is unknown here, so it speaks every supported language, each marked with its `lang`.
 */
export function ConnectingScreen() {
  return (
    <main className="kiosk kiosk--connecting">
      <section
        className="screen screen--centered"
        data-testid="screen-connecting"
        role="status"
        aria-live="polite"
      >
        <PlugIcon className="icon screen__icon" />
        {LANGUAGES.map((language, index) => {
          const Heading = index === 0 ? 'h1' : 'p';
          return (
            <div key={language} lang={language} className="connecting__block">
              <Heading className="headline">{formatMessage(language, 'connecting.title')}</Heading>
              <p className="body-text">{formatMessage(language, 'connecting.body')}</p>
            </div>
          );
        })}
      </section>
    </main>
  );
}
