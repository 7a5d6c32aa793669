/**
 * The pre-initialised PGlite database (issue 7): a fresh cluster, in a folder or in memory, is
 * loaded from the template; a folder that holds a cluster is opened as it is; a damaged template
 * costs only the time to create the cluster; with none, the first creation writes it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cachedTemplateFile,
  openPgliteDataDir,
  writeTemplate,
} from '../../branch-service/pglite-template.js';

let dir: string;
const saved = process.env.KIOSK_PGLITE_CACHE;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pglite-template-'));
  process.env.KIOSK_PGLITE_CACHE = path.join(dir, 'cache');
});
afterEach(() => {
  if (saved === undefined) delete process.env.KIOSK_PGLITE_CACHE;
  else process.env.KIOSK_PGLITE_CACHE = saved;
  rmSync(dir, { recursive: true, force: true });
});

/** A template with a marker table in it, so a test can tell it was loaded. */
async function markedTemplate(): Promise<void> {
  const pg = await PGlite.create();
  try {
    await pg.exec('CREATE TABLE template_marker (id int)');
    await writeTemplate(pg, cachedTemplateFile());
  } finally {
    await pg.close();
  }
}

const hasMarker = async (pg: PGlite) =>
  (
    await pg.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'template_marker'",
    )
  ).rows[0]!.n === 1;

describe('PGlite template', () => {
  it('loads a fresh folder and a fresh in-memory cluster from the template', async () => {
    await markedTemplate();
    const folder = await openPgliteDataDir(path.join(dir, 'data'));
    try {
      expect(await hasMarker(folder)).toBe(true);
      await folder.exec('CREATE TABLE kept (id int)');
    } finally {
      await folder.close();
    }
    const memory = await openPgliteDataDir();
    try {
      expect(await hasMarker(memory)).toBe(true);
    } finally {
      await memory.close();
    }
    // A folder that holds a cluster is opened as it is: its own table is there.
    const again = await openPgliteDataDir(path.join(dir, 'data'));
    try {
      const rows = await again.query("SELECT 1 FROM pg_tables WHERE tablename = 'kept'");
      expect(rows.rows).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it('creates the cluster when the template is damaged, and writes one when there is none', async () => {
    await markedTemplate();
    writeFileSync(cachedTemplateFile(), 'not a tar file');
    const damaged = await openPgliteDataDir(path.join(dir, 'a'));
    try {
      expect(await hasMarker(damaged)).toBe(false);
      expect((await damaged.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await damaged.close();
    }

    rmSync(cachedTemplateFile());
    const created = await openPgliteDataDir(path.join(dir, 'b'));
    await created.close();
    expect(existsSync(cachedTemplateFile())).toBe(true);
  });
});
