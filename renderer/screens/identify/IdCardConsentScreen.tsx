import { PromptLine } from '../../components/PromptLine.js';
import { ContinueWithoutCard } from './IdCardActions.js';
import type { ScreenProps } from '../types.js';

/**
 * The separate consent sensitive personal data needs: what is read, why, and how long it is
 * kept, before anything is read.
 */
export function IdCardConsentScreen({ view, send, t }: ScreenProps<'idCardConsent'>) {
  return (
    <section
      className="screen"
      data-testid="screen-idCardConsent"
      aria-labelledby="id-consent-title"
    >
      <h1 id="id-consent-title" className="headline">
        {t('identify.consent.title')}
      </h1>
      <p className="body-text">{t('identify.consent.what')}</p>
      <p className="body-text">{t('identify.consent.why')}</p>
      <p className="body-text">{t('identify.consent.keep')}</p>
      <p className="instruction instruction--strong">{t('identify.consent.question')}</p>
      <PromptLine view={view} shown={['identify.consent.title', 'identify.consent.question']} />
      <div className="actions">
        <button
          type="button"
          className="action action--primary action--wide"
          data-testid="agree-id-card"
          onClick={() => send({ type: 'AGREE_TO_ID_CARD_READ' })}
        >
          {t('identify.consent.agree')}
        </button>
      </div>
      <ContinueWithoutCard send={send} t={t} />
    </section>
  );
}
