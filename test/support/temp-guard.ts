/**
 * The test run's own temp folder, and the check that tests leave nothing in it (globalSetup of
 * vitest.config.ts and of playwright.config.ts). Before the workers start, TMPDIR points at a new
 * `<tmpdir>/kiosk-tests-<pid>-XXXXXX`, so every temp file or folder a test, a kiosk, PGlite,
 * socat, espeak-ng or Chromium makes lands there. At the end of the run anything still in it is
 * removed and named, and the run fails: a test that leaks is found where it leaks, and the
 * disk of a CI machine never fills from one run. A run killed outright (SIGKILL: no teardown)
 * leaves its folder; a later run removes it once its process is gone and it is a day old.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { removeFoldersOfGoneProcesses } from '../../main/temp-folder.js';

export default function isolateTempFolder(): () => void {
  const outer = tmpdir();
  // Folders of runs killed outright, once they are a day old: a /tmp shared with containers
  // may hold a running run whose process id this one cannot see.
  removeFoldersOfGoneProcesses(outer, 'kiosk-tests', 24 * 3_600_000);
  const run = mkdtempSync(path.join(outer, `kiosk-tests-${process.pid}-`));
  // Others may pass through (not list or write): the PostgreSQL the branch-service tests start
  // runs as `postgres` in a folder of its own in here.
  chmodSync(run, 0o711);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = run;
  // Playwright keeps a transform cache in the temp folder on purpose (one per user, reused by
  // every run): workers keep using the runner's own, outside this run's folder.
  process.env.PLAYWRIGHT_TRANSFORM_CACHE_DIR ??= path.join(
    outer,
    `playwright-transform-cache-${process.geteuid?.() ?? ''}`,
  );
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    const left = existsSync(run) ? readdirSync(run) : [];
    removeRunFolder(run);
    if (left.length > 0) {
      // vitest only logs an error of a global teardown: the exit code says it too.
      process.exitCode = 1;
      throw new Error(
        `the tests left ${left.length} entries in the temp folder (removed now; each needs its ` +
          `test or process to remove it when done, see test/support/temp-dir.ts):\n  ` +
          summarize(left).join('\n  '),
      );
    }
  };
}

/** `kiosk-test-Ab12Cd`, `kiosk-test-Xy34Zw` → `kiosk-test-XXXXXX ×2`. */
function summarize(names: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const name of names) {
    const pattern = name.replace(/[A-Za-z0-9]{6}$/, (tail) =>
      /\d/.test(tail) || /[A-Z]/.test(tail) ? 'XXXXXX' : tail,
    );
    counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
  }
  return [...counts].map(([pattern, n]) => (n > 1 ? `${pattern} ×${n}` : pattern));
}

function removeRunFolder(run: string): void {
  try {
    rmSync(run, { recursive: true, force: true, maxRetries: 3 });
  } catch (error) {
    // A tmpfs a test could not unmount, a folder locked by a test: say so, do not hide the run's
    // own result behind it.
    console.error(`could not remove the test run's temp folder ${run}: ${String(error)}`);
  }
}
