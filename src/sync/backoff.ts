/**
 * How long the sync worker waits before trying again (design.md §6): the kiosk's shared back-off
 * (../backoff.ts) with what only sync needs, the service's Retry-After and a floor.
 */
import { equalJitter, fullJitterBackoff, type BackoffPolicy, type Random } from '../backoff.js';

export interface SyncBackoffPolicy extends BackoffPolicy {
  /** [0, 1) source for the jitter. */
  readonly random: Random;
}

/**
 * Full jitter for the n-th consecutive failure (uniform in [0, min(max, initial·2^(n−1))]), at
 * least the service's Retry-After (capped) and a small floor.
 */
export function syncRetryDelay(
  policy: SyncBackoffPolicy,
  failures: number,
  retryAfterMs: number | null,
): number {
  let delay = fullJitterBackoff(policy, failures - 1, policy.random);
  if (retryAfterMs !== null) delay = Math.max(delay, Math.min(retryAfterMs, policy.maxMs));
  // A floor keeps a down service from being probed in a tight loop when random() is ~0.
  return Math.max(delay, Math.min(policy.initialMs, 100));
}

/**
 * Uniform in [½, 1] × blockedRetryMs: never later than configured (what the technician is
 * told), and kiosks refused at the same moment (a token rotation, a proxy maintenance page)
 * do not all come back in the same second.
 */
export function blockedRetryDelay(blockedRetryMs: number, random: Random): number {
  return equalJitter(blockedRetryMs, random);
}
