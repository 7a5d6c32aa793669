#!/usr/bin/env node
// Where a tap's time goes, across the page, the socket and the host (issue 8, "Quality bars"):
// the tap benchmark's own journeys, probe and driver (bench/journeys.mjs, bench/tap-probe.mjs)
// with every command and view followed on ONE clock, CLOCK_MONOTONIC, which node's hrtime, V8's
// profile ticks and Chromium's trace timestamps all read on Linux. A diagnostic, not a section of
// `npm run bench`: what the benchmark measures stays in bench/tap.mjs.
//
//   npm run build
//   flock /work/wt/machine.lock node bench/tap-trace.mjs [--rounds=60]
//       [--journeys=ticketAndFeedback,ticketAndReminder,guide] [--focus=ticketIssued]
//       [--trace-rounds=8] [--pre-tap=random|frame] [--chromium-arg=--flag+--other]
//       [--out=.bench/tap-trace]
//   node --cpu-prof --cpu-prof-dir=<dir> --cpu-prof-interval=200 bench/tap-trace.mjs ...
//   node bench/tap-trace.mjs --analyse=<out folder> [--profile=<file.cpuprofile>]
//
// Per tap (ms, p50 / p95 per transition): toHost, the command from the page's WebSocket to the
// host's 'message' event; host, that event to the view written to the socket; toPage, written
// to the page's listener; tap→drawn as bench/tap.mjs. The page's clock is mapped to the
// monotonic one by the quickest of 40 CDP round trips (the error is half of it, printed).
// --trace-rounds=N: the first N measured rounds are traced in Chromium too (out/trace.json), and
// the page's side is read from it: when the view's bytes reached the renderer, when its main
// thread ran the message, the frames in between, and the tap's phase against the frame clock.
// --pre-tap (an experiment on the driver's timing, never the benchmark's): each tap waits first
// for a random 0–16.7 ms ('random', as a person's finger comes at any moment) or for a frame to
// begin ('frame'). --press-ms=80: down, 80 ms, up (a finger's press) instead of the driver's
// click. --no-release-frame: the page's :active and :focus rules removed and mousedown's focus
// prevented, so releasing a button changes nothing on screen. --chromium-arg: extra flags.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import {
  focusLines,
  HOST_PUSHED,
  partsTable,
  profileLines,
  splitTaps,
  traceLines,
} from './tap-trace-analysis.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [key, ...value] = a.replace(/^--/, '').split('=');
    return [key, value.length > 0 ? value.join('=') : 'true'];
  }),
);

if (args.analyse) {
  analyse(resolve(args.analyse), args.profile ? resolve(args.profile) : null);
} else {
  await run();
}

function analyse(outDir, profilePath) {
  const { taps, events } = JSON.parse(readFileSync(join(outDir, 'taps.json'), 'utf8'));
  const split = splitTaps(taps, events);
  const lines = [...partsTable(split)];
  if (args.focus) lines.push('', ...focusLines(split, args.focus));
  const tracePath = join(outDir, 'trace.json');
  if (readdirSync(outDir).includes('trace.json')) {
    lines.push('', ...traceLines(split, JSON.parse(readFileSync(tracePath, 'utf8'))));
  }
  if (profilePath) {
    const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
    lines.push(
      '',
      'the four, commands that took over 1.5 ms to reach the host:',
      ...profileLines(
        split,
        profile,
        (t) => HOST_PUSHED.test(t.transition) && t.parts.toHost > 1.5,
      ),
    );
  }
  console.log(lines.join('\n'));
}

async function run() {
  const rounds = Number(args.rounds ?? 60);
  const journeys = (args.journeys ?? 'ticketAndFeedback,ticketAndReminder,guide').split(',');
  const traceRounds = Number(args['trace-rounds'] ?? 0);
  const outDir = resolve(args.out ?? '.bench/tap-trace');
  mkdirSync(outDir, { recursive: true });
  rmSync(join(outDir, 'trace.json'), { force: true }); // an older run's trace is not this one's
  const { withScope } = await import('./scope.mjs');
  const { openKioskPage, CHROMIUM_ARGS } = await import('./kiosk-page.mjs');
  const { installTapProbe } = await import('./tap-probe.mjs');
  const { createTapDriver, newJourneyContext, round } = await import('./journeys.mjs');
  if (args['chromium-arg']) CHROMIUM_ARGS.push(...args['chromium-arg'].split('+'));

  /** CLOCK_MONOTONIC in ms. */
  const mono = () => Number(process.hrtime.bigint()) / 1e6;
  const perfToMono = mono() - performance.now();
  const events = [];
  const note = (kind, start, end = start, detail = undefined) =>
    events.push({ kind, start, end, detail });

  // The shell's socket (the same `ws` module): a command's 'message' event, a view's write.
  const emit = WebSocket.prototype.emit;
  WebSocket.prototype.emit = function (name, ...rest) {
    if (name === 'message') {
      note('wsIn', mono(), undefined, /"type":"([A-Z_]+)"/.exec(String(rest[0]))?.[1]);
    }
    return emit.call(this, name, ...rest);
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (...rest) {
    const start = mono();
    const result = send.apply(this, rest);
    note('wsOut', start, mono(), /"screen":"(\w+)"/.exec(String(rest[0]))?.[1]);
    return result;
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      note('gc', e.startTime + perfToMono, e.startTime + e.duration + perfToMono, e.detail?.kind);
    }
  }).observe({ entryTypes: ['gc'] });
  /** A method's whole span (start → settled) as one event of `kind`. */
  const timeMethod = (target, name, kind) => {
    const original = target?.[name];
    if (typeof original !== 'function') return;
    target[name] = function (...a) {
      const start = mono();
      const result = original.apply(this, a);
      if (typeof result?.then === 'function') {
        return result.finally(() => note(kind, start, mono(), name));
      }
      note(kind, start, mono(), name);
      return result;
    };
  };
  const fetch0 = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const start = mono();
    const what = `${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`;
    return fetch0(input, init).finally(() => note('fetch', start, mono(), what));
  };

  const taps = [];
  await withScope('tap-trace', async (scope) => {
    const opened = await openKioskPage(scope, { name: 'tap-trace', initScript: installTapProbe });
    const { page, kiosk, browser, cdp } = opened;
    await kiosk.branchServiceUp();
    timeMethod(kiosk.devices, 'printTicket', 'printer');
    for (const m of ['issueTicket', 'nextOutboxBatch', 'markOutboxAcked']) {
      timeMethod(kiosk.store, m, 'sqlite');
    }
    for (const m of ['query', 'exec', 'transaction']) {
      timeMethod(kiosk.branchService?.db, m, 'pglite');
    }
    if (args['pre-tap']) {
      const mode = args['pre-tap'];
      if (mode !== 'random' && mode !== 'frame') throw new Error('--pre-tap=random or frame');
      const click = page.mouse.click.bind(page.mouse);
      page.mouse.click = async (x, y, options) => {
        if (mode === 'random') await new Promise((r) => setTimeout(r, Math.random() * 16.7));
        /* global requestAnimationFrame -- in the page */
        else await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
        return click(x, y, options);
      };
    }
    if (args['press-ms']) {
      // Experiment: a finger's press (down, `press-ms`, up) instead of the driver's click.
      const ms = Number(args['press-ms']);
      page.mouse.click = async (x, y) => {
        await page.mouse.move(x, y);
        await page.mouse.down();
        await new Promise((r) => setTimeout(r, ms));
        await page.mouse.up();
      };
    }
    if (args['no-release-frame']) {
      // Experiment: nothing on screen changes when a button is pressed or released (no :active
      // or :focus rule, no focus on mousedown), so the release's input task asks for no frame.
      /* global document, addEventListener */
      await page.evaluate(() => {
        for (const sheet of document.styleSheets) {
          for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
            if (/:active|:focus/.test(sheet.cssRules[i].selectorText ?? '')) sheet.deleteRule(i);
          }
        }
        addEventListener('mousedown', (e) => e.preventDefault(), { capture: true });
      });
    }
    const calibrate = async () => {
      let best = null;
      for (let i = 0; i < 40; i++) {
        const a = mono();
        const { result } = await cdp.send('Runtime.evaluate', {
          expression: 'performance.now()',
          returnByValue: true,
        });
        const b = mono();
        if (!best || b - a < best.rtt) best = { rtt: b - a, offset: (a + b) / 2 - result.value };
      }
      return best;
    };
    let recording = null;
    const driver = createTapDriver(page, {
      takeHostTimings: () => opened.takeHostTimings(),
      onTap(transition, record) {
        if (recording) taps.push({ transition, record, round: recording.round });
      },
    });
    const ctx = newJourneyContext(page, kiosk);
    for (let i = 0; i < 3; i++) await round(driver, ctx, journeys);
    const before = await calibrate();
    for (let i = 0; i < rounds; i++) {
      if (i === 0 && traceRounds > 0) {
        await browser.startTracing(page, {
          categories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'toplevel',
            'blink',
            'renderer.scheduler',
            'mojom',
          ],
        });
      }
      recording = { round: i };
      await round(driver, ctx, journeys);
      if (traceRounds > 0 && i + 1 === Math.min(traceRounds, rounds)) {
        writeFileSync(join(outDir, 'trace.json'), await browser.stopTracing());
      }
      if ((i + 1) % 10 === 0) console.error(`tap-trace: ${i + 1}/${rounds} rounds`);
    }
    recording = null;
    const after = await calibrate();
    opened.assertNoPageErrors();
    const offset = (before.offset + after.offset) / 2;
    console.error(
      `tap-trace: page clock → monotonic within ±${(Math.max(before.rtt, after.rtt) / 2).toFixed(2)} ms ` +
        `(drift ${(after.offset - before.offset).toFixed(3)} ms)`,
    );
    for (const tap of taps) {
      const r = tap.record;
      const m = (x) => (x === undefined ? undefined : x + offset);
      tap.mono = { down: m(r.down), click: m(r.click), sent: m(r.sent), received: m(r.received) };
    }
  });
  writeFileSync(join(outDir, 'taps.json'), JSON.stringify({ taps, events }));
  console.error(`tap-trace: ${taps.length} taps in ${outDir}`);
  analyse(outDir, null);
  const profileDir = process.execArgv.find((a) => a.startsWith('--cpu-prof-dir='));
  if (profileDir) {
    console.error(
      `tap-trace: the host's profile is written on exit to ${profileDir.split('=')[1]}; then ` +
        `node bench/tap-trace.mjs --analyse=${outDir} --profile=<its .cpuprofile>`,
    );
  }
}
