/**
 * A pre-initialised PGlite database (issue 7): creating a PGlite cluster (its initdb) costs
 * 1.7–2.0 s of CPU on a kiosk, loading the same cluster from a tar file a fraction of that. A
 * fresh data folder is therefore filled from a template: the one shipped next to this file
 * (made at build time by ./pglite-template-cli.ts), else one made once into the user's cache
 * by the first fresh start. The template holds a bare cluster (no schema, no credentials), so
 * it is the same for every kiosk; it is keyed by the PGlite version that wrote it.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const here = dirname(fileURLToPath(import.meta.url));

/** The installed PGlite's version: a template from another version is not used. */
export function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && typeof pkg.version === 'string') {
        return pkg.version;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** The template shipped with the build (dist/branch-service/pglite-<version>.tar). */
export function shippedTemplateFile(): string {
  return join(here, `pglite-${pgliteVersion()}.tar`);
}

/**
 * The template made at run time: $KIOSK_PGLITE_CACHE, else $XDG_CACHE_HOME/branch-kiosk, else
 * ~/.cache/branch-kiosk. A folder of the service user's own (0700), never a shared temp folder:
 * whoever can write the template writes every new kiosk database.
 */
export function cachedTemplateFile(): string {
  const folder =
    process.env.KIOSK_PGLITE_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'branch-kiosk');
  return join(folder, `pglite-${pgliteVersion()}.tar`);
}

/** Whether a data folder holds no cluster yet (missing or empty). */
export function isFreshDataDir(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/** Writes a bare cluster's dump to `file` (atomically: a reader never sees half a file). */
export async function writeTemplate(pg: PGlite, file: string): Promise<void> {
  const dump = await pg.dumpDataDir('none');
  const bytes = Buffer.from(await dump.arrayBuffer());
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  renameSync(partial, file);
}

/** Makes a template from a new in-memory cluster (the build step). */
export async function createTemplate(file: string): Promise<void> {
  const pg = await PGlite.create();
  try {
    await writeTemplate(pg, file);
  } finally {
    await pg.close();
  }
}

/**
 * Opens PGlite on `dataDir` (undefined: in memory). A fresh cluster is loaded from the shipped
 * or cached template; with none, it is created and its bare state kept as the cached template
 * for next time (a failure to keep it only costs the next fresh start its creation time).
 */
export async function openPgliteDataDir(dataDir?: string): Promise<PGlite> {
  const where = dataDir === undefined ? {} : { dataDir };
  if (dataDir !== undefined && !isFreshDataDir(dataDir)) return PGlite.create(where);
  for (const file of [shippedTemplateFile(), cachedTemplateFile()]) {
    if (!existsSync(file)) continue;
    try {
      if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      return await PGlite.create({ ...where, loadDataDir: new Blob([readFileSync(file)]) });
    } catch {
      // A damaged or foreign template: what it left is removed, then the next one, or a
      // cluster created from scratch.
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const pg = await PGlite.create(where);
  await writeTemplate(pg, cachedTemplateFile()).catch(() => undefined);
  return pg;
}
