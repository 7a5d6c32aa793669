import { Writable } from 'node:stream';
// 4. Memory over a short soak: the whole kiosk headless (composition root, machines, store,
//    virtual printer in-process, embedded branch service, sync worker), customers taking
//    tickets through the bridge exactly as the renderer sends commands.
import { renderTicketJob } from '../dist/devices/printer/index.js';
import { VirtualPrinter } from '../dist/devices/sim/index.js';
import { createInProcessTransportPair } from '../dist/devices/transport/index.js';
import { createKiosk } from '../dist/main/kiosk.js';
import { createLogger } from '../dist/src/log/index.js';
import { defaultConfig } from '../dist/src/config.js';
import { ticketLayoutFor } from './printer.mjs';
import { memorySample, mib, round, since, slope, summarize } from './stats.mjs';
import { withScope } from './scope.mjs';

/** Resolves with the first view (the current one included) that satisfies `predicate`. */
function waitForView(kiosk, predicate, what, timeoutMs = 10_000) {
  const now = kiosk.bridge.view();
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(`no ${what} screen within ${timeoutMs} ms; last: ${kiosk.bridge.view().screen}`),
      );
    }, timeoutMs);
    const off = kiosk.bridge.onView((view) => {
      if (!predicate(view)) return;
      clearTimeout(timer);
      off();
      resolve(view);
    });
  });
}

const on = (screen) => (view) => view.screen === screen;

/** One customer: touch, take a ticket, choose the queue, see the number, done. */
async function customer(kiosk) {
  const start = performance.now();
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
  await waitForView(kiosk, on('chooseBusinessType'), 'chooseBusinessType');
  kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
  // Before printing: the people ahead and the wait; the timed tap is "print my ticket".
  await waitForView(kiosk, on('confirmTicket'), 'confirmTicket');
  const tap = performance.now();
  kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
  const view = await waitForView(
    kiosk,
    (v) =>
      v.screen === 'ticketIssued' || v.screen === 'ticketNotPrinted' || v.screen === 'outOfService',
    'ticketIssued',
  );
  if (view.screen !== 'ticketIssued') throw new Error(`the kiosk showed ${view.screen}`);
  const issued = performance.now();
  kiosk.bridge.dispatch({ type: 'FINISH' });
  await waitForView(kiosk, on('attract'), 'attract');
  return { tapToIssuedMs: issued - tap, customerMs: since(start) };
}

/**
 * Memory is read after this long without customers: the branch-service client's per-request
 * AbortSignal.timeout() timers (5 s in the kiosk) have fired by then, so requests that are long
 * answered are not counted as growth.
 */
const SETTLE_MS = 6_000;

/**
 * Heap the simulated printer itself keeps over the same ticket counts as the soak: the
 * VirtualPrinter keeps receipts for receipts()/waitForReceipt() (how many depends on its
 * version), which a kiosk with a real serial printer does not. Same setup as the kiosk's
 * (in-process pair, default options), measured alone after a forced GC.
 */
async function simulatorRetention(warmup, tickets) {
  return withScope('simulator retention', async (scope) => {
    const [host, device] = createInProcessTransportPair();
    const sim = new VirtualPrinter(device);
    scope.add('close the virtual printer', () => sim.close());
    scope.add('close the host end', () => host.close());
    await sim.open();
    await host.open();
    let printed = 0;
    sim.onReceipt(() => (printed += 1));
    const print = async (n) => {
      const target = printed + n;
      for (let i = printed; i < target; i++) await host.write(renderTicketJob(ticketLayoutFor(i)));
      const deadline = Date.now() + 30_000;
      while (printed < target) {
        if (Date.now() > deadline) throw new Error(`${printed} of ${target} receipts came out`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    await print(warmup);
    const before = await memorySample('simulator: after warm-up');
    await print(tickets);
    const after = await memorySample('simulator: end');
    return {
      receiptsKept: sim.receipts().length,
      heapGrowthPer100TicketsKiB: round(
        ((after.heapUsed - before.heapUsed) / tickets) * (100 / 1024),
        1,
      ),
    };
  });
}

export async function benchSoak(options) {
  const result = await soak(options);
  const simulator = await simulatorRetention(result.warmup, result.tickets);
  return { ...result, simulator };
}

async function soak({ quick, log }) {
  const warmup = quick ? 20 : 100;
  const tickets = quick ? 60 : 1000;
  const sampleEvery = quick ? 20 : 100;
  const settleMs = quick ? 0 : SETTLE_MS;
  const settle = () => new Promise((resolve) => setTimeout(resolve, settleMs));

  return withScope('soak', async (scope) => {
    const dir = scope.tempDir('soak');
    const config = {
      ...defaultConfig(dir),
      shell: { port: 0, launchBrowser: false },
    };
    const samples = [await memorySample('before the kiosk', { tickets: 0 })];
    // The last lines only: a log that grew with every ticket would be counted as the kiosk's.
    const kioskLog = [];
    const logger = createLogger({
      destination: new Writable({
        write(chunk, _encoding, callback) {
          kioskLog.push(chunk.toString('utf8').trimEnd());
          if (kioskLog.length > 200) kioskLog.splice(0, kioskLog.length - 200);
          callback();
        },
      }),
    });
    const kiosk = await createKiosk(config, { logger });
    scope.add('stop the kiosk', () => kiosk.stop());
    await kiosk.start();
    samples.push(await memorySample('started', { tickets: 0 }));
    log(
      `soak: kiosk in ${config.dataDir}; ${warmup} warm-up + ${tickets} tickets` +
        (settleMs > 0 ? `, ${settleMs / 1000} s idle before each memory reading` : ''),
    );

    // Counted here: the simulator may keep only its latest receipts.
    let printed = 0;
    kiosk.virtualPrinter.onReceipt(() => (printed += 1));
    let served = 0;
    for (let i = 0; i < warmup; i++) {
      await customer(kiosk);
      served += 1;
    }
    await kiosk.sync.syncNow();
    await settle();
    samples.push(await memorySample('after warm-up', { tickets: served }));

    const timings = [];
    const soakStart = performance.now();
    for (let i = 0; i < tickets; i++) {
      timings.push(await customer(kiosk));
      served += 1;
      if ((i + 1) % sampleEvery === 0 && i + 1 < tickets) {
        samples.push(await memorySample(`after ${served} (busy)`, { tickets: served }));
      }
    }
    const soakMs = since(soakStart);
    const sync = await kiosk.sync.syncNow();
    await settle();
    samples.push(await memorySample('end', { tickets: served }));

    const receipts = printed;
    const [{ n: atBranch }] = await kiosk.branchService.query(
      'SELECT count(*)::int AS n FROM tickets',
    );
    if (receipts !== served || atBranch !== served || sync.backlog !== 0) {
      throw new Error(
        `after ${served} tickets: ${receipts} receipts, ${atBranch} at the branch, backlog ` +
          `${sync.backlog}; kiosk log:\n${kioskLog.join('\n')}`,
      );
    }

    const warm = samples.find((s) => s.label === 'after warm-up');
    const end = samples[samples.length - 1];
    const per100KiB = (key) =>
      round(((end[key] - warm[key]) / (end.tickets - warm.tickets)) * (100 / 1024), 1);
    const measured = samples.filter((s) => s.tickets >= warm.tickets);
    return {
      what:
        'createKiosk(defaultConfig) headless: START, START_FLOW ticket, CHOOSE_BUSINESS_TYPE personal, CONFIRM_TICKET, ' +
        'ticketIssued, FINISH; virtual printer in-process, embedded branch service, sync on',
      gcExposed: typeof globalThis.gc === 'function',
      warmup,
      tickets,
      settleMs,
      ticketsPerSecond: round((tickets / soakMs) * 1000, 1),
      tapToIssuedMs: summarize(timings.map((t) => t.tapToIssuedMs)),
      customerMs: summarize(timings.map((t) => t.customerMs)),
      memory: samples.map((s) => ({
        label: s.label,
        tickets: s.tickets,
        heapUsedMiB: mib(s.heapUsed),
        codeSpaceMiB: mib(s.codeSpace),
        rssMiB: mib(s.rss),
        externalMiB: mib(s.external),
        arrayBuffersMiB: mib(s.arrayBuffers),
      })),
      heapGrowthPer100TicketsKiB: per100KiB('heapUsed'),
      codeGrowthPer100TicketsKiB: per100KiB('codeSpace'),
      rssGrowthPer100TicketsKiB: per100KiB('rss'),
      // Over every sample from the warm-up on; the ones in between are taken while busy.
      heapSlopePer100TicketsKiB: round(
        (slope(
          measured.map((s) => s.tickets),
          measured.map((s) => s.heapUsed),
        ) *
          100) /
          1024,
        1,
      ),
      kioskLogLines: kioskLog.length,
      kioskLog: kioskLog.slice(0, 20),
    };
  });
}
