/** The identify feature's screens (the ID card offer, consent, reading, problems, the guard). */
import type { ScreenMap } from '../types.js';
import { IdCardConsentScreen } from './IdCardConsentScreen.js';
import { IdCardOfferScreen } from './IdCardOfferScreen.js';
import { IdCardProblemScreen } from './IdCardProblemScreen.js';
import { IdCardReadScreen } from './IdCardReadScreen.js';
import { LiveTicketExistsScreen } from './LiveTicketExistsScreen.js';
import { PlaceIdCardScreen } from './PlaceIdCardScreen.js';

export const identifyScreens: ScreenMap<
  | 'idCardOffer'
  | 'idCardConsent'
  | 'placeIdCard'
  | 'idCardRead'
  | 'idCardProblem'
  | 'liveTicketExists'
> = {
  idCardOffer: IdCardOfferScreen,
  idCardConsent: IdCardConsentScreen,
  placeIdCard: PlaceIdCardScreen,
  idCardRead: IdCardReadScreen,
  idCardProblem: IdCardProblemScreen,
  liveTicketExists: LiveTicketExistsScreen,
};
