/**
 * How long to wait before trying again, for everything in the kiosk that retries: the device
 * supervisor reopening a port, the sync worker after a failed batch, the browser supervisor
 * relaunching Chromium, the renderer reconnecting its bridge.
 *
 * Pure functions of their arguments: no timers, no clock, no Node and no DOM, so the renderer can
 * import this file too. Randomness is a parameter (default Math.random) so tests can fix it.
 *
 * `attempt` counts from 0: attempt 0 is the wait before the first retry.
 */

export interface BackoffPolicy {
  /** The wait before the first retry; it doubles with every further attempt. */
  readonly initialMs: number;
  /** No wait is longer than this. */
  readonly maxMs: number;
}

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** Doubling stops here: 2^30 × any sensible initial delay is past every cap already. */
const MAX_EXPONENT = 30;

/**
 * Capped exponential: initialMs · 2^attempt, never over maxMs. The same for every kiosk, so use
 * it where one process retries alone (a device port); otherwise prefer a jittered variant.
 */
export function exponentialBackoff(policy: BackoffPolicy, attempt: number): number {
  const exponent = Math.min(Math.max(Math.floor(attempt), 0), MAX_EXPONENT);
  return Math.min(policy.initialMs * 2 ** exponent, policy.maxMs);
}

/**
 * Full jitter: uniform in [0, exponentialBackoff(attempt)). Spreads a fleet best (many kiosks
 * hitting one branch service after an outage); it can draw ~0, so callers that must not spin
 * add their own floor.
 */
export function fullJitterBackoff(
  policy: BackoffPolicy,
  attempt: number,
  random: Random = Math.random,
): number {
  return Math.floor(random() * exponentialBackoff(policy, attempt));
}

/**
 * Equal jitter: uniform in [½, 1] × exponentialBackoff(attempt). Never sooner than half the step
 * (a refusing host is not hammered), never later than the step (what a person was told).
 */
export function equalJitterBackoff(
  policy: BackoffPolicy,
  attempt: number,
  random: Random = Math.random,
): number {
  return equalJitter(exponentialBackoff(policy, attempt), random);
}

/** Uniform in [½, 1] × ms, at least 1 ms: one fixed wait, spread so a fleet does not act in step. */
export function equalJitter(ms: number, random: Random = Math.random): number {
  const half = ms / 2;
  return Math.max(1, Math.floor(half + random() * half));
}
