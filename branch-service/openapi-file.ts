/**
 * branch-service/openapi.json, the committed OpenAPI document: written by
 * `npm run branch-service:openapi`, compared with the route table by a test.
 */
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { openApiDocument } from './openapi.js';
import { SERVICE_ROUTES } from './routes.js';
import { findSchema } from './server.js';

export const OPENAPI_COMMAND = 'npm run branch-service:openapi';

/** Where the committed document lives (beside schema.sql in the sources). */
export function openApiFilePath(): string {
  return join(dirname(findSchema()), 'openapi.json');
}

/** The document as the file holds it: formatted as the repository's Prettier does. */
export async function openApiFileText(path = openApiFilePath()): Promise<string> {
  const options = (await resolveConfig(path)) ?? {};
  return format(JSON.stringify(openApiDocument(SERVICE_ROUTES)), { ...options, parser: 'json' });
}
