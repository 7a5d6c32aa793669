/**
 * Temp folders for tests, each one removed when its test file is done. Tests that made folders in
 * the system temp folder and never removed them filled a CI machine's disk and a developer's
 * (about 77 GB in a day): a kiosk's CI must not leak disk any more than the kiosk does.
 *
 * `tempDir(prefix)` makes `<tmpdir>/<prefix>-XXXXXX` and registers it. Under vitest every
 * folder still registered is removed after its file's last test (test/support/vitest-setup.ts),
 * also when a test failed or timed out; a file may remove its own earlier (`removeTempDir`,
 * `removeTempDirs` in afterEach). Under Playwright and in child processes the process's exit
 * removes them. What a killed process could not remove, the run's own temp folder takes with it
 * and names (test/support/temp-guard.ts).
 *
 * Framework-neutral (no vitest import): the end-to-end tests load it through the kiosk harness.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made = new Set<string>();

/** A new private folder `<tmpdir>/<prefix>-XXXXXX`, removed when the test file (or process) ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  made.add(dir);
  return dir;
}

/** Removes one folder now, also one a test locked (chmod 0500/0000) to provoke an error. */
export function removeTempDir(dir: string): void {
  made.delete(dir);
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    unlock(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes every folder tempDir() made that is still there. */
export function removeTempDirs(): void {
  const problems: string[] = [];
  for (const dir of [...made]) {
    try {
      removeTempDir(dir);
    } catch (error) {
      problems.push(`${dir}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`could not remove these test folders:\n  ${problems.join('\n  ')}`);
  }
}

/** Gives the owner back the rights to list and empty every folder below `dir`. */
function unlock(dir: string): void {
  try {
    chmodSync(dir, 0o700);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) unlock(path.join(dir, entry.name));
    }
  } catch {
    // gone, or not ours: rmSync reports what is left
  }
}

// A process that ends without the test runner's hooks (a Playwright worker, a child) still
// removes its folders; synchronous, as 'exit' listeners must be.
process.once('exit', () => {
  try {
    removeTempDirs();
  } catch {
    // nothing more to do on the way out; the run's guard names what stayed
  }
});
