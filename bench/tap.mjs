// tap: tap → next screen drawn, in Chromium against the browser shell of a whole kiosk host
// (issue 8, "Quality bars"). Every transition of every flow reachable by taps (bench/journeys.mjs),
// repeated until each has at least `minTaps` samples; p50/p95 per transition against the target.
//
// Timed in the page (bench/tap-probe.mjs): from the pointerdown event's timeStamp (the touch as
// Chromium's browser process took it) until a task posted from the first requestAnimationFrame
// callback after React committed the new screen runs, i.e. until the main thread has produced
// the frame that shows it. Each tap is split into where its time went, to tell Chromium's input
// scheduling from the host round trip over the WebSocket and from React's render.
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { withScope } from './scope.mjs';
import { openKioskPage } from './kiosk-page.mjs';
import { installTapProbe } from './tap-probe.mjs';
import {
  checkMenuEntries,
  checkScreens,
  createTapDriver,
  JOURNEYS_BY_NAME,
  newJourneyContext,
  NOT_BY_TAP,
  round,
} from './journeys.mjs';
import { percentile, round as roundTo, summarize } from './stats.mjs';

export const TAP_TARGET_P95_MS = 30;

/** Where a tap's time went, from the probe's timestamps (all on the page's clock, in ms). */
function phases(r) {
  const span = (from, to) => (from === undefined || to === undefined ? undefined : to - from);
  return {
    total: span(r.down, r.drawn),
    // Playwright's touchstart → touchend (two CDP calls); a finger takes 50–150 ms here, and the
    // kiosk acts on the click, so this part is the test driver's, not the kiosk's.
    touch: span(r.down, r.up),
    // Finger lifted → the click handler runs: Chromium's gesture detection and input scheduling.
    input: span(r.up, r.click),
    // Click handler → the command on the socket (React's event dispatch, the renderer's send).
    handler: span(r.click, r.sent),
    // Command sent → the host's next frame received: WebSocket, zod, the machines, the view.
    host: span(r.sent, r.received),
    // Of `host`, the host's own part on its clock: the command dispatched to the session (after
    // the shell's JSON parse and zod check) → the view published (the machines, the view).
    machines: r.host?.published !== undefined ? r.host.published - r.host.dispatched : undefined,
    // The shell's listener: the view to JSON and into the WebSocket.
    shellSend: r.host?.sent !== undefined ? r.host.sent - r.host.published : undefined,
    // Frame received → new screen in the DOM: parse + validate the view, React render + commit.
    render: span(r.received, r.dom),
    // In the DOM → the next frame begins (requestAnimationFrame: waits for the next vsync).
    vsync: span(r.dom, r.raf),
    // That frame's rAF callbacks, style, layout, paint, commit: until the posted task runs.
    paint: span(r.raf, r.drawn),
    // The same end one frame later (double requestAnimationFrame), for comparison.
    doubleRaf: span(r.down, r.raf2),
    settled: span(r.down, r.settled),
    // Only with `loopDelay`: the host process's longest event-loop delay while the tap was
    // under way (perf_hooks monitorEventLoopDelay, 1 ms resolution), from arming to drawn.
    hostLoopMax: r.host?.loopMaxMs,
  };
}

const PHASES = [
  'touch',
  'input',
  'handler',
  'host',
  'machines',
  'shellSend',
  'render',
  'vsync',
  'paint',
  'hostLoopMax',
];

function summarizeTransition(name, records) {
  const byPhase = (phase) =>
    records.map((r) => phases(r)[phase]).filter((x) => typeof x === 'number');
  const settled = byPhase('settled');
  return {
    transition: name,
    to: records[0].screen,
    // Where the host's answer led (check-in: found or not), when the tap waited for one.
    settledTo: [...new Set(records.map((r) => r.settledScreen).filter(Boolean))],
    totalMs: summarize(byPhase('total'), 2),
    doubleRafMs: summarize(byPhase('doubleRaf'), 2),
    ...(settled.length > 0 ? { settledMs: summarize(settled, 2) } : {}),
    // Medians and p95 of each part (they need not add up to the total's percentiles).
    phasesMs: Object.fromEntries(
      PHASES.filter((phase) => phase !== 'hostLoopMax' || byPhase(phase).length > 0).map(
        (phase) => {
          const values = byPhase(phase);
          return [
            phase,
            { median: roundTo(percentile(values, 50), 2), p95: roundTo(percentile(values, 95), 2) },
          ];
        },
      ),
    ),
  };
}

/**
 * `rounds`, `minTaps`: fewer samples while iterating. `journeys`: only these journeys (names of
 * JOURNEYS_BY_NAME, e.g. ['ticketAndFeedback', 'guide']); the screens' coverage check is then
 * skipped. `loopDelay`: also record the host process's event-loop delay during each tap.
 * None of them changes what a tap measures.
 */
export async function benchTap({
  quick,
  log,
  rounds: roundsOption,
  minTaps: minTapsOption,
  journeys = null,
  loopDelay = false,
}) {
  const unknown = (journeys ?? []).filter((name) => !JOURNEYS_BY_NAME[name]);
  if (unknown.length > 0) {
    throw new Error(
      `tap: no journey ${unknown.join(', ')}; one of ${Object.keys(JOURNEYS_BY_NAME).join(', ')}`,
    );
  }
  // Every transition comes at least once a round, so `rounds` is the least n per transition.
  const rounds = roundsOption ?? (quick ? 5 : 200);
  // Then the same journeys with touch input, for comparison (every tap together).
  const touchRounds = quick ? 1 : 20;
  const minTaps = minTapsOption ?? (quick ? rounds : 200);
  const warmupRounds = quick ? 1 : 3;
  return withScope('tap', async (scope) => {
    const opened = await openKioskPage(scope, { name: 'tap', initScript: installTapProbe });
    const { page, kiosk } = opened;
    const samples = new Map();
    const touchSamples = [];
    let recording = null;
    // Reset when the driver forgets the last timings (before a tap), read with its own (after).
    const loop = loopDelay ? monitorEventLoopDelay({ resolution: 1 }) : null;
    loop?.enable();
    scope.add('stop the event-loop monitor', () => loop?.disable());
    const driver = createTapDriver(page, {
      takeHostTimings() {
        const timings = opened.takeHostTimings();
        if (loop !== null) {
          if (timings) timings.loopMaxMs = loop.max / 1e6;
          loop.reset();
        }
        return timings;
      },
      onTap(transition, record) {
        if (recording === 'mouse') {
          if (!samples.has(transition)) samples.set(transition, []);
          samples.get(transition).push(record);
        } else if (recording === 'touch') touchSamples.push(record);
      },
    });
    const ctx = newJourneyContext(page, kiosk);
    log(
      `tap: Chromium ${opened.chromiumVersion}, kiosk in ${kiosk.config.dataDir}; ` +
        `${warmupRounds} warm-up + ${rounds} rounds of ${journeys ? journeys.join(', ') : 'every journey'}`,
    );
    const started = performance.now();
    for (let i = 0; i < warmupRounds; i++) await round(driver, ctx, journeys);
    if (driver.screen === 'attract') await driver.tap('start', { screen: ['menu'] });
    const menu = await checkMenuEntries(page);
    if (menu.problems.length > 0) throw new Error(menu.problems.join('\n'));
    const loadBefore = os.loadavg();
    recording = 'mouse';
    for (let i = 0; i < rounds; i++) {
      await round(driver, ctx, journeys);
      if ((i + 1) % Math.max(1, Math.floor(rounds / 5)) === 0) {
        log(`tap: ${i + 1}/${rounds} rounds, ${ctx.tickets} tickets so far`);
      }
    }
    const loadAfterMouse = os.loadavg();
    driver.input = 'touch';
    recording = 'touch';
    for (let i = 0; i < touchRounds; i++) await round(driver, ctx, journeys);
    recording = null;
    opened.assertNoPageErrors();

    const transitions = [...samples.entries()].map(([name, records]) =>
      summarizeTransition(name, records),
    );
    transitions.sort((a, b) => b.totalMs.p95 - a.totalMs.p95);
    const coverage = checkScreens(transitions.flatMap((t) => [t.to, ...t.settledTo]));
    if (journeys === null && coverage.problems.length > 0) {
      throw new Error(coverage.problems.join('\n'));
    }
    const tooFew = transitions.filter((t) => t.totalMs.n < minTaps);
    if (tooFew.length > 0) {
      throw new Error(
        `fewer than ${minTaps} taps for ${tooFew.map((t) => `${t.transition} (${t.totalMs.n})`).join(', ')}`,
      );
    }
    const all = [...samples.values()].flat();
    const worst = transitions[0];
    return {
      what:
        'tap (touchstart/touchend through CDP) → next screen drawn, per transition of every ' +
        'journey, in Chromium against the browser shell of a whole kiosk (createKiosk, simulated ' +
        'printer and ID reader, embedded branch service)',
      chromium: opened.chromiumVersion,
      rounds,
      ...(journeys ? { journeys } : {}),
      warmupRounds,
      minTaps,
      taps: all.length,
      tickets: ctx.tickets,
      durationS: roundTo((performance.now() - started) / 1000, 1),
      loadAverageAtStart: loadBefore.map((x) => roundTo(x, 2)),
      loadAverageAtEnd: loadAfterMouse.map((x) => roundTo(x, 2)),
      input: 'mouse: page.mouse.click (CDP mousePressed + mouseReleased)',
      targetP95Ms: TAP_TARGET_P95_MS,
      worst: { transition: worst.transition, p95Ms: worst.totalMs.p95 },
      targetMet: worst.totalMs.p95 <= TAP_TARGET_P95_MS,
      overall: summarizeTransition('every tap', all),
      touch: {
        rounds: touchRounds,
        ...summarizeTransition('every tap, touch input', touchSamples),
      },
      transitions,
      coverage: {
        menuEntries: menu.entries,
        screens: coverage.screens,
        notByTap: NOT_BY_TAP,
        queries: ctx.queriesSeen,
      },
    };
  });
}
