/**
 * Build step: writes the pre-initialised PGlite database shipped with the kiosk
 * (dist/branch-service/pglite-<version>.tar, see ./pglite-template.ts), or to the file named.
 *
 *   node dist/branch-service/pglite-template-cli.js [file]
 */
import { existsSync, statSync } from 'node:fs';
import { createTemplate, shippedTemplateFile } from './pglite-template.js';

const file = process.argv[2] ?? shippedTemplateFile();
// The file is named by PGlite's version: one already built for this version is kept (a damaged
// one is skipped and replaced by the loader at run time), so a rebuild costs nothing.
if (existsSync(file) && statSync(file).size > 0) {
  console.log(`PGlite template already present: ${file}`);
} else {
  const started = performance.now();
  await createTemplate(file);
  console.log(
    `PGlite template written to ${file} in ${Math.round(performance.now() - started)} ms`,
  );
}
