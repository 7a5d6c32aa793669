/**
 * Keeps the kiosk browser (Chromium in kiosk mode, the browser shell's window) running: if it
 * crashes or is closed, the lobby screen must not stay black until a technician comes. It is
 * relaunched with a growing delay (so a browser that cannot start does not spin the CPU), and
 * the delay resets once it has run for a while.
 *
 * The shell also asks for restarts (a launch code presented twice or too late). Those are
 * bounded: a local user who reads each new code from Chromium's command line and replays it
 * must not keep the kiosk flapping. Past the budget, restarts are held for a while and one
 * `shell.launchCodeAbuse` alarm tells the technician.
 */
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { logEvent, type Logger } from '../src/log/index.js';
import { equalJitterBackoff } from '../src/backoff.js';

export interface RestartBudget {
  /** Restarts on request allowed within `windowMs`; default 3. */
  readonly max: number;
  /** Default 60 s. */
  readonly windowMs: number;
  /** Past the budget, no restart on request for this long; default 10 min. */
  readonly holdMs: number;
}

export interface BrowserSupervisorOptions {
  readonly binary: string;
  /**
   * The command line, or a function called for every launch: the browser shell's address holds
   * a one-time code, so each relaunch needs a fresh one.
   */
  readonly args: readonly string[] | (() => readonly string[]);
  readonly logger: Logger;
  readonly spawn?: typeof nodeSpawn;
  /**
   * The first relaunch waits between half of this and this; the step doubles per short run up
   * to maxDelayMs (equal jitter, src/backoff.ts: never hammering, never later than the step).
   */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A run this long counts as healthy and resets the delay. */
  readonly healthyAfterMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  readonly stopGraceMs?: number;
  /** Bounds restart(); see RestartBudget. */
  readonly restartBudget?: Partial<RestartBudget>;
}

export interface BrowserSupervisor {
  /** How many times the browser was started. */
  readonly launches: number;
  stop(): Promise<void>;
  /**
   * Ends the running browser so it is launched again with a fresh command line (the shell
   * closed its session, or its launch code expired). Bounded by the restart budget: past it,
   * the request is held, and one restart follows when the hold ends.
   */
  restart(): void;
  /** For a host that is exiting now: SIGKILL, synchronously, so no browser is orphaned. */
  killNow(): void;
}

export function superviseBrowser(options: BrowserSupervisorOptions): BrowserSupervisor {
  const spawn = options.spawn ?? nodeSpawn;
  const base = options.baseDelayMs ?? 1_000;
  const max = options.maxDelayMs ?? 60_000;
  const healthyAfter = options.healthyAfterMs ?? 60_000;
  const stopGraceMs = options.stopGraceMs ?? 3_000;
  const budget: RestartBudget = {
    max: 3,
    windowMs: 60_000,
    holdMs: 10 * 60_000,
    ...options.restartBudget,
  };
  let child: ChildProcess | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  /** Consecutive short runs: the relaunch delay grows with them (the sync worker's backoff). */
  let failures = 0;
  let launches = 0;
  /** When restart() was honoured, within the budget's window. */
  let restartTimes: number[] = [];
  let hold: ReturnType<typeof setTimeout> | null = null;
  /** Restart requests that came during the current hold. */
  let heldRequests = 0;
  /** The alarm stays raised (is not logged again) while the abuse goes on across holds. */
  let abuseRaised = false;

  const scheduleRelaunch = (startedAt: number, why: string) => {
    child = null;
    if (stopped) return;
    failures = Date.now() - startedAt >= healthyAfter ? 1 : failures + 1;
    const delay = equalJitterBackoff({ initialMs: base, maxMs: max }, failures - 1);
    logEvent(options.logger, 'shell.browserRestarting', {
      binary: options.binary,
      why,
      delaySeconds: Math.round(delay / 1000),
    });
    timer = setTimeout(launch, delay);
  };

  const restartNow = () => {
    restartTimes.push(Date.now());
    // Its exit schedules the relaunch; a browser that is between launches needs nothing.
    child?.kill('SIGTERM');
  };

  const endHold = (launchesAtTrip: number) => {
    hold = null;
    restartTimes = [];
    // Quiet through the whole hold: the episode is over, a new one raises a new alarm.
    if (heldRequests === 0) abuseRaised = false;
    heldRequests = 0;
    // The request that tripped the budget still stands (the browser has no session), unless
    // the browser was launched again since (a crash) and so already holds a fresh code.
    if (!stopped && launches === launchesAtTrip) restartNow();
  };

  function launch() {
    timer = null;
    if (stopped) return;
    const startedAt = Date.now();
    launches++;
    const args = typeof options.args === 'function' ? options.args() : options.args;
    const proc = spawn(options.binary, [...args], { stdio: 'ignore' });
    child = proc;
    let ended = false;
    // 'error' (cannot start: missing, not executable) and 'exit' may both fire: act once.
    proc.on('error', (error) => {
      if (ended) return;
      ended = true;
      scheduleRelaunch(startedAt, `cannot start ${options.binary} (${error.message})`);
    });
    proc.on('exit', (code, signal) => {
      if (ended) return;
      ended = true;
      // Chromium that finds its profile in use hands the URL to that instance and exits 0 at
      // once: a browser left over from a previous host still owns the screen.
      const handedOff = code === 0 && Date.now() - startedAt < 2_000;
      scheduleRelaunch(
        startedAt,
        handedOff
          ? 'exited at once (another browser holds the profile; a leftover from an earlier start?)'
          : `exited (${signal ?? `code ${code}`})`,
      );
    });
  }

  launch();
  return {
    get launches() {
      return launches;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (hold) clearTimeout(hold);
      const running = child;
      child = null;
      // Never started (spawn failed: no pid) or already gone: nothing to wait for.
      if (!running || running.pid === undefined) return;
      if (running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        // A hung browser that ignores SIGTERM gets SIGKILL: stopping must not hang the host.
        const kill = setTimeout(() => running.kill('SIGKILL'), stopGraceMs);
        running.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        running.kill('SIGTERM');
      });
    },
    restart() {
      if (stopped) return;
      if (hold !== null) {
        heldRequests++;
        return;
      }
      const now = Date.now();
      restartTimes = restartTimes.filter((t) => now - t < budget.windowMs);
      if (restartTimes.length < budget.max) {
        restartNow();
        return;
      }
      // Someone keeps replaying the browser's codes: stop flapping, tell the technician once.
      if (!abuseRaised) {
        abuseRaised = true;
        logEvent(options.logger, 'shell.launchCodeAbuse', {
          restarts: restartTimes.length,
          windowSeconds: Math.round(budget.windowMs / 1000),
          holdMinutes: Math.round(budget.holdMs / 60_000),
        });
      }
      const launchesAtTrip = launches;
      hold = setTimeout(() => endHold(launchesAtTrip), budget.holdMs);
    },
    killNow() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (hold) clearTimeout(hold);
      child?.kill('SIGKILL');
      child = null;
    },
  };
}
