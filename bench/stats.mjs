// Small statistics and formatting helpers for the benchmarks (no dependencies).
import v8 from 'node:v8';

/** Nearest-rank percentile (p in 0..100) of an unsorted array of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** n, min, median, p95, max and mean of a sample, rounded for the report. */
export function summarize(values, digits = 3) {
  const round = (x) => Number(x.toFixed(digits));
  if (values.length === 0) return { n: 0, min: NaN, median: NaN, p95: NaN, max: NaN, mean: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return {
    n: values.length,
    min: round(Math.min(...values)),
    median: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
    mean: round(mean),
  };
}

/** Least-squares slope of y over x (e.g. heap bytes per ticket). */
export function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

export const round = (x, digits = 3) => Number(x.toFixed(digits));

export const mib = (bytes) => round(bytes / (1024 * 1024), 2);

/** Milliseconds since `start` (a performance.now() value). */
export const since = (start) => performance.now() - start;

const tick = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Forces full garbage collections when node runs with --expose-gc; otherwise does nothing.
 * Between them it yields, so FinalizationRegistry callbacks run: AbortSignal.timeout() (used by
 * the branch-service client) keeps its Timeout alive until such a callback, after the signal has
 * been collected, which otherwise looks like growth.
 */
export async function gcNow() {
  if (typeof globalThis.gc !== 'function') return;
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await tick(20);
  }
  globalThis.gc();
}

/** process.memoryUsage() in bytes after a full GC, with a label. */
export async function memorySample(label, extra = {}) {
  await gcNow();
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  // Compiled code lives in the heap too; it grows while the JIT optimises, then levels off.
  const codeSpace =
    v8.getHeapSpaceStatistics().find((space) => space.space_name === 'code_space')
      ?.space_used_size ?? 0;
  return { label, ...extra, rss, heapTotal, heapUsed, codeSpace, external, arrayBuffers };
}

/** Renders rows (arrays of cells) as a plain-text table with a header row. */
export function table(header, rows) {
  const all = [header, ...rows].map((row) => row.map((cell) => String(cell ?? '')));
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const numeric = header.map((_, i) =>
    rows.every((row) => row[i] === '' || row[i] === undefined || typeof row[i] === 'number'),
  );
  const line = (row) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(all[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...all.slice(1).map(line),
  ].join('\n');
}
