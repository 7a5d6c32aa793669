/**
 * A flow's screen as the renderer receives it: the session adds its own parts around the flow's
 * projection, and the whole view must fit the contract (KioskViewSchema), as the host checks.
 */
import { expect } from 'vitest';
import { KioskViewSchema } from '../../../src/bridge/contract.js';

/** What the session adds: no notice unless the flow gives one, the branch's name, no warning. */
export const SESSION_PARTS = {
  notice: null,
  branchName: 'Branch',
  inactivityWarningSeconds: null,
} as const;

/** The flow's screen, in the customer's language with the session's parts, fits the contract. */
export function expectValidView(language: string, screen: object): void {
  const view = { language, ...SESSION_PARTS, ...screen };
  expect(KioskViewSchema.safeParse(view).error, JSON.stringify(view)).toBeUndefined();
}
