// The analyses of bench/tap-trace.mjs, on one clock (CLOCK_MONOTONIC, in ms): each tap's parts
// from the page's and the host's timestamps, the Chromium trace around each tap, and the host's
// CPU samples while a command was on its way. Every function takes plain data (taps.json, the
// trace's JSON, a .cpuprofile), so a run's files can be analysed again without running it.
import { percentile } from './stats.mjs';

/** The four transitions the full run found over 30 ms at the p95 (2026-11-27). */
export const HOST_PUSHED = /^(ticketIssued →|guideAssisted →)/;

const p = (values, q) => percentile(values, q);
const fmt = (values) =>
  values.length === 0 ? '–' : `${p(values, 50).toFixed(1)} / ${p(values, 95).toFixed(1)}`;

/**
 * Each tap's parts (ms): toHost = command into the page's WebSocket → the host's 'message'
 * event; host = that event → the view's frame written; toPage = frame written → the page's
 * listener ran; roundTrip = their sum as the page sees it; total = pointerdown → drawn.
 */
export function splitTaps(taps, events) {
  const sorted = [...events].sort((a, b) => a.start - b.start);
  const wsIn = sorted.filter((e) => e.kind === 'wsIn' && e.detail !== 'ACTIVITY');
  const wsOut = sorted.filter((e) => e.kind === 'wsOut');
  const firstAfter = (list, t) => list.find((e) => e.start >= t);
  for (const tap of taps) {
    const { sent, received } = tap.mono;
    if (sent === undefined || received === undefined) continue;
    const inn = firstAfter(wsIn, sent - 0.5);
    const out = inn && firstAfter(wsOut, inn.start);
    // The page's first frame after the command was another one (a view the host published by
    // itself): this tap's own answer cannot be told apart, so it is left out of the split.
    if (!inn || !out || out.end > received) continue;
    tap.window = { sent, hostIn: inn.start, hostOut: out.end, received };
    tap.parts = {
      toHost: inn.start - sent,
      host: out.end - inn.start,
      toPage: received - out.end,
      roundTrip: received - sent,
      total: tap.record.drawn - tap.record.down,
    };
    tap.during = sorted
      .filter((e) => !e.kind.startsWith('ws') && e.end > sent - 30 && e.start < inn.start)
      .map((e) => ({
        kind: e.kind,
        detail: e.detail,
        from: +(e.start - sent).toFixed(2),
        to: +(e.end - sent).toFixed(2),
      }));
  }
  return taps.filter((t) => t.parts);
}

/** Lines: per transition, p50 / p95 of every part, slowest round trip first. */
export function partsTable(split) {
  const by = new Map();
  for (const tap of split) {
    if (!by.has(tap.transition)) by.set(tap.transition, []);
    by.get(tap.transition).push(tap);
  }
  const rows = [...by].map(([name, list]) => ({
    name,
    list,
    p95: p(
      list.map((t) => t.parts.total),
      95,
    ),
  }));
  rows.sort((a, b) => b.p95 - a.p95);
  const lines = [
    'transition | n | tap→drawn | round trip | toHost | host | toPage  (p50 / p95, ms)',
  ];
  for (const { name, list } of rows) {
    const get = (k) => list.map((t) => t.parts[k]);
    lines.push(
      [
        name,
        list.length,
        ...['total', 'roundTrip', 'toHost', 'host', 'toPage'].map((k) => fmt(get(k))),
      ].join(' | '),
    );
  }
  return lines;
}

/** Lines: the slowest round trips of transitions starting with `focus`, with the host's events. */
export function focusLines(split, focus, count = 8) {
  const list = split
    .filter((t) => t.transition.startsWith(focus))
    .sort((a, b) => b.parts.roundTrip - a.parts.roundTrip);
  const lines = [];
  for (const tap of list.slice(0, count)) {
    const q = tap.parts;
    lines.push(
      `${tap.transition} (round ${tap.round}): round trip ${q.roundTrip.toFixed(1)} = toHost ` +
        `${q.toHost.toFixed(1)} + host ${q.host.toFixed(1)} + toPage ${q.toPage.toFixed(1)}; ` +
        `tap→drawn ${q.total.toFixed(1)}`,
    );
    for (const d of tap.during) {
      lines.push(
        `  host: ${d.kind} ${d.detail ?? ''} [${d.from}, ${d.to}] ms from the command sent`,
      );
    }
  }
  return lines;
}

/**
 * The Chromium trace around each traced tap: when the view's bytes reached the renderer process
 * (its IO thread woke up after the host's write), when the renderer's main thread ran the
 * WebSocket message (the network.mojom.WebSocketClient task), how many frames
 * (BeginMainFrame) it ran between the click and that task, and how long after pointerdown the
 * first frame after the click began.
 */
export function traceLines(split, trace) {
  const events = trace.traceEvents ?? trace;
  const names = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  const thread = (e) => names.get(`${e.pid}:${e.tid}`);
  const ms = (e) => e.ts / 1000;
  const wsTasks = events
    .filter(
      (e) =>
        e.name === 'SimpleWatcher::OnHandleReady' &&
        thread(e) === 'CrRendererMain' &&
        e.args?.chrome_mojo_event_info?.watcher_notify_interface_tag ===
          'network.mojom.WebSocketClient',
    )
    .map(ms)
    .sort((a, b) => a - b);
  const frames = events
    .filter((e) => e.name === 'WebFrameWidgetImpl::BeginMainFrame')
    .map(ms)
    .sort((a, b) => a - b);
  const ioWakes = events
    .filter((e) => e.name === 'EpollEvent' && thread(e) === 'Chrome_ChildIOThread')
    .map(ms)
    .sort((a, b) => a - b);
  if (wsTasks.length === 0) return ['trace: no WebSocket task on the renderer main thread'];
  const first = frames[0];
  const last = frames[frames.length - 1];
  const rows = [];
  for (const tap of split) {
    const w = tap.window;
    if (w.sent < first || w.received > last) continue;
    const task = wsTasks.find((t) => t >= w.hostOut - 0.2 && t <= w.received + 1);
    const f1 = frames.find((t) => t > tap.mono.click);
    if (task === undefined || f1 === undefined) continue;
    const io = ioWakes.find((t) => t >= w.hostOut - 0.1);
    rows.push({
      four: HOST_PUSHED.test(tap.transition),
      framesBetween: frames.filter((t) => t > tap.mono.click && t < task).length,
      inRenderer: io === undefined ? NaN : io - w.hostOut,
      held: task - w.hostOut,
      downToFrame: f1 - tap.mono.down,
      total: tap.parts.total,
    });
  }
  const lines = [`trace: ${rows.length} taps traced`];
  const counts = {};
  for (const r of rows) counts[r.framesBetween] = (counts[r.framesBetween] ?? 0) + 1;
  lines.push(
    `  frames begun between the click and the page's WebSocket task: ${JSON.stringify(counts)}`,
  );
  lines.push(
    `  host's write → renderer IO thread wakes (p50 / p95): ${fmt(rows.map((r) => r.inRenderer).filter(Number.isFinite))} ms; ` +
      `→ main thread runs the message: ${fmt(rows.map((r) => r.held))} ms`,
  );
  for (const four of [true, false]) {
    const group = rows.filter((r) => r.four === four);
    if (group.length < 3) continue;
    const x = group.map((r) => r.downToFrame);
    const y = group.map((r) => r.total);
    const rest = group.map((r) => r.total - r.downToFrame);
    const bins = {};
    for (const v of x) {
      const b = Math.floor(v / 4) * 4;
      bins[`${b}–${b + 4}`] = (bins[`${b}–${b + 4}`] ?? 0) + 1;
    }
    lines.push(
      `  ${four ? 'the four (ticketIssued →, guideAssisted →)' : 'every other transition'}: n ${group.length}; ` +
        `pointerdown → first frame after the click ${fmt(x)} ms, histogram ${JSON.stringify(bins)}; ` +
        `tap→drawn minus that ${fmt(rest)} ms; correlation with tap→drawn ${correlation(x, y).toFixed(2)}`,
    );
  }
  return lines;
}

function correlation(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** What the host's main thread ran, by part of the kiosk, from a .cpuprofile sample's stack. */
function classify(stack) {
  const top = stack[0];
  if (top.functionName === '(idle)') return 'idle';
  if (top.functionName === '(garbage collector)') return 'GC';
  if (top.functionName === '(program)') return 'V8/native (program)';
  const text = stack.map((f) => `${f.url} ${f.functionName}`).join(' | ');
  const parts = [
    [/pglite|postgres|wasm/i, 'PGlite'],
    [/better-sqlite3|\/src\/store\//, 'SQLite store'],
    [/undici|fetch/, 'undici (branch link)'],
    [/fastify|branch-service\//, 'branch service'],
    [/\/src\/sync\//, 'sync drain'],
    [/printer|serialport|node-pty|pty/, 'printer'],
    [/playwright/, 'Playwright (the bench driver)'],
    [/xstate|machines\/|session-host|browser-shell|node_modules\/ws\//, 'session and shell'],
  ];
  for (const [pattern, name] of parts) if (pattern.test(text)) return name;
  return `other (${top.url.split('/').slice(-2).join('/') || top.functionName})`;
}

/**
 * The host's CPU samples (node --cpu-prof; V8 ticks are CLOCK_MONOTONIC µs) from 2 ms before
 * each command was sent until the host's 'message' event, for the taps `select` picks.
 */
export function profileLines(split, profile, select) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id) => {
    const stack = [];
    for (let x = id; x !== undefined; x = parent.get(x)) stack.push(nodes.get(x).callFrame);
    return stack;
  };
  let t = profile.startTime;
  const samples = profile.samples.map((id, i) => {
    t += profile.timeDeltas[i];
    return { t: t / 1000, id };
  });
  const chosen = split.filter(select);
  const counts = {};
  let total = 0;
  for (const tap of chosen) {
    for (const s of samples) {
      if (s.t < tap.window.sent - 2 || s.t > tap.window.hostIn) continue;
      const name = classify(stackOf(s.id));
      counts[name] = (counts[name] ?? 0) + 1;
      total += 1;
    }
  }
  return [
    `host CPU samples from 2 ms before the command to its 'message' event, ${chosen.length} taps, ${total} samples:`,
    ...Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `  ${name}: ${n} (${((100 * n) / total).toFixed(1)} %)`),
  ];
}
