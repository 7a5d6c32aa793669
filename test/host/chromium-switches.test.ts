/**
 * The kiosk's Chromium switches (main/chromium-switches.ts): Electron gets them through
 * `app.commandLine` (a fake one: the Electron binary cannot be downloaded here), and Debian's
 * real Chromium, started with them as the browser shell starts it, really runs its pages with
 * the features turned off (the browser hands its resolved feature list to each renderer on the
 * renderer's command line).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumBinary } from '../../main/binaries.js';
import {
  KIOSK_DISABLED_FEATURES,
  appendKioskChromiumSwitches,
  kioskChromiumArgs,
} from '../../main/chromium-switches.js';
import { removeTempDir, tempDir } from '../support/temp-dir.js';

describe('kiosk Chromium switches', () => {
  it('turns off DeferRendererTasksAfterInput (issue 8: the answer to a tap in the first frame)', () => {
    expect(KIOSK_DISABLED_FEATURES).toContain('DeferRendererTasksAfterInput');
    expect(kioskChromiumArgs()).toEqual([
      `--disable-features=${KIOSK_DISABLED_FEATURES.join(',')}`,
    ]);
  });

  it('appends the same switches to Electron’s command line, names without dashes', () => {
    const appended: Array<[string, string | undefined]> = [];
    appendKioskChromiumSwitches({
      appendSwitch: (name: string, value?: string) => appended.push([name, value]),
    });
    expect(appended).toEqual([['disable-features', 'DeferRendererTasksAfterInput']]);
    expect(appended.map(([n, v]) => (v === undefined ? `--${n}` : `--${n}=${v}`))).toEqual(
      kioskChromiumArgs(),
    );
  });

  it('Debian’s Chromium runs the page with the features off', async () => {
    const binary = chromiumBinary();
    expect(binary, 'Chromium is needed: apt-get install chromium').not.toBeNull();
    // Short names: Chromium puts its singleton socket in TMPDIR, and a Unix socket's path has
    // room for 107 bytes (in CI's nested temp folder the test's own folder was too deep, and
    // Chromium aborted with "Socket path too long"). When even that is too deep, a short folder
    // in /tmp, removed below.
    const folder = tempDir('cr');
    const profile = path.join(folder, 'profile');
    const socketPath = 'org.chromium.Chromium.XXXXXX/SingletonSocket';
    const tmp =
      Buffer.byteLength(path.join(folder, socketPath)) <= 107 ? folder : mkdtempSync('/tmp/cr-');
    const browser = spawn(
      binary!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        ...kioskChromiumArgs(),
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: tmp } },
    );
    // What Chromium said, for the failure message when it exits or never starts a renderer.
    let stderr = '';
    browser.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-4_000);
    });
    const exited = new Promise<void>((resolve) => browser.once('exit', () => resolve()));
    try {
      const renderer = await rendererCommandLine(browser, 20_000, () => stderr);
      const disabled = renderer
        .find((a) => a.startsWith('--disable-features='))
        ?.slice('--disable-features='.length)
        .split(',');
      for (const feature of KIOSK_DISABLED_FEATURES) expect(disabled).toContain(feature);
    } finally {
      // Already gone (it crashed), or slow to stop on a busy machine: never wait for ever.
      if (browser.exitCode === null && browser.signalCode === null) {
        browser.kill('SIGTERM');
        const stopped = await Promise.race([
          exited.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
        ]);
        if (!stopped) {
          browser.kill('SIGKILL');
          await exited;
        }
      }
      if (tmp !== folder) removeTempDir(tmp);
    }
  });
});

/** The command line of a renderer process descended from `pid`, once one is running. */
async function rendererCommandLine(
  browser: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
): Promise<string[]> {
  const pid = browser.pid!;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (browser.exitCode !== null || browser.signalCode !== null) {
      throw new Error(
        `Chromium exited (${browser.exitCode ?? browser.signalCode}) before a renderer ` +
          `started; its last words: ${stderr()}`,
      );
    }
    const parents = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // "pid (comm) state ppid …": comm may hold spaces, so read after its closing paren.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // The process ended meanwhile.
      }
    }
    const descends = (p: number): boolean => {
      for (let x = parents.get(p); x !== undefined && x > 1; x = parents.get(x)) {
        if (x === pid) return true;
      }
      return false;
    };
    for (const p of parents.keys()) {
      if (!descends(p)) continue;
      try {
        // Chromium retitles its child processes: the arguments become one line, space-separated.
        const args = readFileSync(`/proc/${p}/cmdline`, 'utf8').split(/[\0 ]/);
        if (args.includes('--type=renderer')) return args;
      } catch {
        // The process ended meanwhile.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `no Chromium renderer started within ${timeoutMs} ms; Chromium said: ${stderr()}`,
  );
}
