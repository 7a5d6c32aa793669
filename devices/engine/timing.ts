/** Small timing helpers shared by the drivers: every wait is bounded, every timer cleared. */

/** Whether `promise` settles within `ms`; the timer is cleared either way. */
export async function settledOrElapsed(
  promise: Promise<unknown>,
  ms: number,
): Promise<'settled' | 'elapsed'> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<'elapsed'>((resolve) => {
    timer = setTimeout(() => resolve('elapsed'), ms);
  });
  try {
    return await Promise.race([promise.then(() => 'settled' as const), elapsed]);
  } finally {
    clearTimeout(timer);
  }
}

/** A positive number of milliseconds, or a RangeError naming the option. */
export function positiveMs(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${value}`);
  }
  return value;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
