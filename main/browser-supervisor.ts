/**
 * Keeps the kiosk browser (Chromium in kiosk mode, the browser shell's window) running: if it
 * crashes or is closed, the lobby screen must not stay black until a technician comes. It is
 * relaunched with a growing delay (so a browser that cannot start does not spin the CPU), and
 * the delay resets once it has run for a while.
 */
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { logEvent, type Logger } from '../src/log/index.js';

export interface BrowserSupervisorOptions {
  readonly binary: string;
  /**
   * The command line, or a function called for every launch: the browser shell's address holds
   * a one-time code, so each relaunch needs a fresh one.
   */
  readonly args: readonly string[] | (() => readonly string[]);
  readonly logger: Logger;
  readonly spawn?: typeof nodeSpawn;
  /** First relaunch delay; doubles up to maxDelayMs. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A run this long counts as healthy and resets the delay. */
  readonly healthyAfterMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  readonly stopGraceMs?: number;
}

export interface BrowserSupervisor {
  /** How many times the browser was started. */
  readonly launches: number;
  stop(): Promise<void>;
  /**
   * Ends the running browser so it is launched again with a fresh command line (the shell
   * closed its session: a launch code was used twice).
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
  let child: ChildProcess | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let delay = base;
  let launches = 0;

  const scheduleRelaunch = (startedAt: number, why: string) => {
    child = null;
    if (stopped) return;
    if (Date.now() - startedAt >= healthyAfter) delay = base;
    logEvent(options.logger, 'shell.browserRestarting', {
      binary: options.binary,
      why,
      delaySeconds: Math.round(delay / 1000),
    });
    timer = setTimeout(launch, delay);
    delay = Math.min(delay * 2, max);
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
      // Its exit schedules the relaunch; a browser that is between launches needs nothing.
      child?.kill('SIGTERM');
    },
    killNow() {
      stopped = true;
      if (timer) clearTimeout(timer);
      child?.kill('SIGKILL');
      child = null;
    },
  };
}
