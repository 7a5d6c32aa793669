// Cleanup bookkeeping: every port, socat process, server, database and temp folder a benchmark
// opens is registered in a scope and closed in reverse order, also when the benchmark fails or
// the run is interrupted (SIGINT/SIGTERM), so nothing outlives `npm run bench`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const open = new Set();
let shuttingDown = false;

/** A list of cleanup steps, run last-in first-out by close(); each step runs once. */
export function createScope(name) {
  if (shuttingDown) throw new Error(`not starting ${name}: the run is being interrupted`);
  const steps = [];
  const scope = {
    name,
    /** Registers `fn` to run at close(); returns `value` for chaining. */
    add(label, fn, value) {
      steps.push({ label, fn });
      return value;
    },
    /** A fresh temp folder under the OS temp dir, removed at close(). */
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), `kiosk-bench-${prefix}-`));
      return scope.add(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }), dir);
    },
    async close() {
      open.delete(scope);
      const problems = [];
      for (const { label, fn } of steps.splice(0).reverse()) {
        try {
          await fn();
        } catch (error) {
          problems.push(`${label}: ${error?.message ?? error}`);
        }
      }
      if (problems.length > 0) {
        console.error(`[bench] cleanup of ${name} had problems:\n  ${problems.join('\n  ')}`);
      }
    },
  };
  open.add(scope);
  return scope;
}

/** Runs `body(scope)` and always closes the scope afterwards. */
export async function withScope(name, body) {
  const scope = createScope(name);
  try {
    return await body(scope);
  } finally {
    await scope.close();
  }
}

/** Closes every scope still open and refuses new ones (signal handlers). */
export async function closeAllScopes() {
  shuttingDown = true;
  for (const scope of [...open].reverse()) await scope.close();
}
