/**
 * What the customer sees of the identify flow: one screen per state, as data. The name is the
 * masked one the reader actor handed over; nothing else of the card is ever in a view.
 */
import type { SnapshotFrom } from 'xstate';
import type { LocalizedText } from '../../src/domain/business-type.js';
import type { FlowScreen } from '../flow.js';
import type { identifyMachine } from './machine.js';

type IdentifySnapshot = SnapshotFrom<typeof identifyMachine>;

/**
 * `placementHint`: where the reader is on this terminal (kiosk configuration), in the customer's
 * language on the "place your ID card" screen; absent, the screen says the catalogue's default.
 */
export function projectIdentifyFlow(
  snapshot: IdentifySnapshot,
  placementHint?: LocalizedText,
): FlowScreen {
  const { context } = snapshot;
  const where = placementHint ? { placementHint: placementHint[context.language] } : {};
  if (snapshot.matches('consent')) {
    return { screen: 'idCardConsent', prompt: { key: 'identify.consent.question' } };
  }
  if (snapshot.matches({ usingReader: 'readingCard' })) {
    return { screen: 'placeIdCard', reading: true, ...where, prompt: { key: 'identify.reading' } };
  }
  if (
    (snapshot.matches({ usingReader: 'identified' }) ||
      snapshot.matches({ usingReader: 'cardLeft' })) &&
    context.identification
  ) {
    const cardLeft = snapshot.matches({ usingReader: 'cardLeft' });
    return {
      screen: 'idCardRead',
      maskedName: context.maskedName ?? '',
      // A card gives VIP or senior priority, or none (only a guide sets the disability priority).
      priority:
        context.identification.priority === 'senior' || context.identification.priority === 'vip'
          ? context.identification.priority
          : 'none',
      cardLeft,
      prompt: { key: 'identify.takeCard' },
      notice: cardLeft ? { key: 'identify.notice.cardLeft' } : null,
    };
  }
  if (
    (snapshot.matches({ usingReader: 'cardRefused' }) || snapshot.matches('problem')) &&
    context.problem
  ) {
    const takeCard = snapshot.matches({ usingReader: 'cardRefused' });
    return {
      screen: 'idCardProblem',
      problem: context.problem,
      takeCard,
      prompt: { key: takeCard ? 'identify.takeCard' : 'identify.problem.whatNext' },
      notice: { key: `identify.problem.${context.problem}` },
    };
  }
  // Waiting for the card (and the instant before the session follows a final state).
  return { screen: 'placeIdCard', reading: false, ...where, prompt: { key: 'identify.placeCard' } };
}
