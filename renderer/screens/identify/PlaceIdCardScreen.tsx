import { PromptLine } from '../../components/PromptLine.js';
import { TouchIcon } from '../../components/icons.js';
import { ContinueWithoutCard } from './IdCardActions.js';
import type { ScreenProps } from '../types.js';

/** "Place your ID card on the reader"; then "reading, do not move it". */
export function PlaceIdCardScreen({ view, send, t }: ScreenProps<'placeIdCard'>) {
  const instruction = view.reading ? 'identify.reading' : 'identify.placeCard';
  return (
    <section
      className="screen screen--centered"
      data-testid="screen-placeIdCard"
      aria-labelledby="place-card-title"
      aria-live="polite"
    >
      <TouchIcon className="icon screen__icon" />
      <h1 id="place-card-title" className="headline">
        {t('identify.placeCard.title')}
      </h1>
      <p className="instruction instruction--strong">{t(instruction)}</p>
      {/* Where the reader is on this terminal: the configured words, or the default ones. */}
      <p className="instruction" data-testid="reader-placement">
        {view.placementHint ?? t('identify.placeCard.where')}
      </p>
      <PromptLine view={view} shown={['identify.placeCard.title', instruction]} />
      <ContinueWithoutCard send={send} t={t} />
    </section>
  );
}
