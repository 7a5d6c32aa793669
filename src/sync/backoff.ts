/** How long the sync worker waits before trying again (design.md §6). */

export interface BackoffPolicy {
  /** First back-off cap; doubles per consecutive failure. */
  readonly baseDelayMs: number;
  /** Back-off never waits longer than this. */
  readonly maxDelayMs: number;
  /** [0, 1) source for the jitter. */
  readonly random: () => number;
}

/**
 * Full jitter: uniform in [0, min(max, base·2^(n−1))] for the n-th consecutive failure, at
 * least the service's Retry-After (capped) and a small floor.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  failures: number,
  retryAfterMs: number | null,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  let delay = Math.floor(policy.random() * cap);
  if (retryAfterMs !== null) delay = Math.max(delay, Math.min(retryAfterMs, policy.maxDelayMs));
  // A floor keeps a down service from being probed in a tight loop when random() is ~0.
  return Math.max(delay, Math.min(policy.baseDelayMs, 100));
}

/**
 * Uniform in [½, 1] × blockedRetryMs: never later than configured (what the technician is
 * told), and kiosks refused at the same moment (a token rotation, a proxy maintenance page)
 * do not all come back in the same second.
 */
export function blockedRetryDelay(blockedRetryMs: number, random: () => number): number {
  const half = blockedRetryMs / 2;
  return Math.max(1, Math.floor(half + random() * half));
}
