/**
 * Build step: writes the pre-initialised PGlite database shipped with the kiosk
 * (dist/branch-service/pglite-<version>.tar, see ./pglite-template.ts), or to the file named.
 *
 *   node dist/branch-service/pglite-template-cli.js [file]
 */
import { createTemplate, shippedTemplateFile } from './pglite-template.js';

const file = process.argv[2] ?? shippedTemplateFile();
const started = performance.now();
await createTemplate(file);
console.log(`PGlite template written to ${file} in ${Math.round(performance.now() - started)} ms`);
