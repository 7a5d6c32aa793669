// heap: the renderer's memory over many customers (issue 8, "Quality bars": growth ≤ 5 %).
// Whole journeys (a ticket and feedback, every query, an appointment, the guide, the ID card)
// in turn through the same kiosk page in Chromium, one customer each, after a warm-up. Read
// through the Chrome DevTools Protocol after forced garbage collections: the page's JS heap
// (Runtime.getHeapUsage) and its DOM nodes, documents and JS event listeners
// (Memory.getDOMCounters), at the start (after the warm-up), every 100 customers and at the end.
import os from 'node:os';
import { withScope } from './scope.mjs';
import { openKioskPage } from './kiosk-page.mjs';
import { installTapProbe } from './tap-probe.mjs';
import { createTapDriver, CUSTOMERS, newJourneyContext } from './journeys.mjs';
import { mib, round, slope } from './stats.mjs';

export const HEAP_TARGET_GROWTH_PERCENT = 5;

/** Full GCs, then the page's heap and DOM counters. Waits on the attract screen first. */
async function reading(cdp, page, label, customers) {
  await page.locator('[data-screen="attract"]').waitFor();
  // Twice with a pause: objects freed by the first (weak references, finalizers) go in the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await page.waitForTimeout(100);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return {
    label,
    customers,
    usedBytes: heap.usedSize,
    usedMiB: mib(heap.usedSize),
    totalMiB: mib(heap.totalSize),
    nodes: dom.nodes,
    documents: dom.documents,
    listeners: dom.jsEventListeners,
  };
}

export async function benchHeap({ quick, log, ...sizes }) {
  // The page's heap climbs for the first 30–50 customers (V8 compiling and collecting type
  // feedback for every screen), so even the quick run warms up with 50.
  const warmup = sizes.warmup ?? 50;
  const customers = sizes.customers ?? (quick ? 50 : 500);
  const sampleEvery = sizes.sampleEvery ?? (quick ? 25 : 100);
  return withScope('heap', async (scope) => {
    // The same tap probe as the tap benchmark (it holds one tap's timestamps at a time), so
    // the journeys can wait for each screen the same way.
    const opened = await openKioskPage(scope, { name: 'heap', initScript: installTapProbe });
    const { page, kiosk, cdp } = opened;
    await cdp.send('HeapProfiler.enable');
    const driver = createTapDriver(page, { onTap: () => {} });
    const ctx = newJourneyContext(page, kiosk);
    let served = 0;
    const serve = async (n) => {
      for (let i = 0; i < n; i++) {
        await CUSTOMERS[served % CUSTOMERS.length](driver, ctx);
        served += 1;
        if (driver.screen !== 'attract') {
          throw new Error(`customer ${served} left the kiosk on ${driver.screen}, not attract`);
        }
      }
    };
    log(
      `heap: Chromium ${opened.chromiumVersion}; ${warmup} warm-up + ${customers} customers, ` +
        `journeys in turn: ${CUSTOMERS.map((j) => j.name).join(', ')}`,
    );
    const loadAtStart = os.loadavg();
    const first = await reading(cdp, page, 'fresh page', 0);
    await serve(warmup);
    const samples = [first, await reading(cdp, page, 'after warm-up', served)];
    const started = performance.now();
    for (let done = 0; done < customers; done += sampleEvery) {
      await serve(Math.min(sampleEvery, customers - done));
      samples.push(await reading(cdp, page, `after ${served}`, served));
    }
    opened.assertNoPageErrors();
    const warm = samples[1];
    const end = samples[samples.length - 1];
    const measured = samples.slice(1);
    const growthPercent = round(((end.usedBytes - warm.usedBytes) / warm.usedBytes) * 100, 2);
    return {
      what:
        'the kiosk page in Chromium: JS heap (Runtime.getHeapUsage) and Memory.getDOMCounters ' +
        'after HeapProfiler.collectGarbage, over whole customer journeys on the attract screen',
      chromium: opened.chromiumVersion,
      warmup,
      customers,
      tickets: ctx.tickets,
      durationS: round((performance.now() - started) / 1000, 1),
      loadAverageAtStart: loadAtStart.map((x) => round(x, 2)),
      fresh: first,
      warm,
      end,
      samples,
      growthPercent,
      slopeKiBPer100Customers: round(
        (slope(
          measured.map((s) => s.customers),
          measured.map((s) => s.usedBytes),
        ) *
          100) /
          1024,
        1,
      ),
      targetGrowthPercent: HEAP_TARGET_GROWTH_PERCENT,
      targetMet: growthPercent <= HEAP_TARGET_GROWTH_PERCENT,
    };
  });
}
