/**
 * The composition root loads only what the configuration asks for: a kiosk with a remote branch
 * service never loads PGlite (a large WebAssembly PostgreSQL), and one with the embedded service
 * does (which proves the refusing loader in the child bites). Runs the compiled kiosk from dist/.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(ROOT, 'test/support/kiosk-modules-child.mjs');
const run = promisify(execFile);

async function startChild(kind: 'remote' | 'embedded') {
  try {
    const { stdout } = await run(process.execPath, [CHILD, kind], { timeout: 60_000 });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('composition root', () => {
  it('never loads PGlite for a kiosk with a remote branch service', async () => {
    expect(existsSync(path.join(ROOT, 'dist/main/kiosk.js')), 'run `npm run build` first').toBe(
      true,
    );
    const remote = await startChild('remote');
    expect(remote).toMatchObject({ code: 0, stdout: 'started\n' });
    const embedded = await startChild('embedded');
    expect(embedded.code).toBe(1);
    expect(embedded.stderr).toMatch(/PGlite was loaded/);
  });
});
