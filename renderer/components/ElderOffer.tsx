import type { KioskCommand } from '../../src/bridge/contract.js';
import type { Translate } from '../i18n.js';
import { TextSizeIcon } from './icons.js';
import './elder.css';

interface ElderOfferProps {
  readonly t: Translate;
  readonly send: (command: KioskCommand) => void;
}

/**
 * "Switch to larger text and voice?", asked once when the ID card shows the branch's offer age
 * (the host decides; this only draws its `elderOffer`). Inline above the screen, not a dialog:
 * the customer may answer or simply go on, so elder mode is offered, never forced.
 */
export function ElderOffer({ t, send }: ElderOfferProps) {
  return (
    <section className="elder-offer" data-testid="elder-offer" aria-labelledby="elder-offer-title">
      <TextSizeIcon className="icon elder-offer__icon" />
      <div className="elder-offer__text">
        <h2 id="elder-offer-title" className="elder-offer__title">
          {t('elderOffer.question')}
        </h2>
        <p className="elder-offer__body">{t('elderOffer.body')}</p>
      </div>
      <div className="elder-offer__actions">
        <button
          type="button"
          className="action action--primary"
          data-testid="elder-offer-yes"
          onClick={() => send({ type: 'ANSWER_ELDER_OFFER', accept: true })}
        >
          {t('elderOffer.yes')}
        </button>
        <button
          type="button"
          className="action action--secondary"
          data-testid="elder-offer-no"
          onClick={() => send({ type: 'ANSWER_ELDER_OFFER', accept: false })}
        >
          {t('elderOffer.no')}
        </button>
      </div>
    </section>
  );
}
