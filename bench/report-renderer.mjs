// Table rows for the renderer benchmarks in Chromium (bench/tap.mjs, bench/heap.mjs).
const parts = (phases) =>
  Object.entries(phases)
    .map(([name, p]) => `${name} ${p.median}`)
    .join(', ');

export function rendererRows(results, row) {
  const { tap, heap } = results;
  if (tap) {
    for (const t of tap.transitions) {
      const settled = t.settledMs ? `; → ${t.settledTo.join('/')} p50 ${t.settledMs.median}` : '';
      row(
        'tap',
        t.transition,
        t.totalMs.n,
        t.totalMs.median,
        t.totalMs.p95,
        'ms',
        `p50: ${parts(t.phasesMs)}${settled}`,
      );
    }
    row(
      'tap',
      'every tap',
      tap.overall.totalMs.n,
      tap.overall.totalMs.median,
      tap.overall.totalMs.p95,
      'ms',
      `p50: ${parts(tap.overall.phasesMs)}; double rAF p50 ${tap.overall.doubleRafMs.median}`,
    );
    row(
      'tap',
      'every tap, touch input (comparison)',
      tap.touch.totalMs.n,
      tap.touch.totalMs.median,
      tap.touch.totalMs.p95,
      'ms',
      `p50: ${parts(tap.touch.phasesMs)}`,
    );
    row(
      'tap',
      `worst p95: ${tap.worst.transition}`,
      '',
      '',
      tap.worst.p95Ms,
      'ms',
      `target ≤ ${tap.targetP95Ms} ms: ${tap.targetMet ? 'met' : 'NOT met'}; ` +
        `${tap.transitions.length} transitions, ≥ ${tap.minTaps} taps each; ` +
        `load ${tap.loadAverageAtStart[0]} → ${tap.loadAverageAtEnd[0]}`,
    );
  }
  if (heap) {
    const [warm, end] = [heap.warm, heap.end];
    row(
      'heap',
      'renderer JS heap used: warm / end',
      heap.customers,
      `${warm.usedMiB} / ${end.usedMiB}`,
      '',
      'MiB',
      `after ${heap.warmup} warm-up customers, then ${heap.customers}; GC forced (CDP)`,
    );
    row(
      'heap',
      '  growth',
      '',
      heap.growthPercent,
      '',
      '%',
      `target ≤ ${heap.targetGrowthPercent} %: ${heap.targetMet ? 'met' : 'NOT met'}; ` +
        `slope ${heap.slopeKiBPer100Customers} KiB / 100 customers`,
    );
    row(
      'heap',
      'DOM nodes: warm / end',
      '',
      `${warm.nodes} / ${end.nodes}`,
      '',
      '',
      `documents ${warm.documents} / ${end.documents}`,
    );
    row(
      'heap',
      'JS event listeners: warm / end',
      '',
      `${warm.listeners} / ${end.listeners}`,
      '',
      '',
    );
  }
}
