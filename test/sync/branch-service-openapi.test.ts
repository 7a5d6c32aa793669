// The OpenAPI document of the branch service: generated from the route table, served at
// GET /v1/openapi.json, and committed as branch-service/openapi.json. A route change without
// regenerating the committed file fails here, naming the command that fixes it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../branch-service/app.js';
import { createKioskAuth } from '../../branch-service/auth.js';
import { fixedBranchConfig } from '../../branch-service/branch-config-source.js';
import { checkedBranchConfig } from '../../branch-service/config-route.js';
import { DEFAULT_BRANCH, DEFAULT_BUSINESS_TYPES } from '../../branch-service/defaults.js';
import { openApiDocument, openApiPath } from '../../branch-service/openapi.js';
import {
  OPENAPI_COMMAND,
  openApiFilePath,
  openApiFileText,
} from '../../branch-service/openapi-file.js';
import { defineRoute } from '../../branch-service/route.js';
import { OPENAPI_PATH, SERVICE_ROUTES } from '../../branch-service/routes.js';
import { silentLogger, type BranchService } from '../../branch-service/server.js';
import { Uuid } from '../../src/contract/fields.js';
import { SYNC_PATHS } from '../../src/contract/sync.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService } from './harness.js';

type Json = Record<string, unknown>;

const cleanup = new Cleanup();
let service: BranchService;
beforeAll(async () => {
  service = await branchService(cleanup);
}, 60_000);
afterAll(() => cleanup.run());

/** Every `$ref` anywhere in `value`. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === '$ref' && typeof v === 'string' ? [v] : refs(v),
  );
}

describe('OpenAPI document', () => {
  it(`is committed as generated (after a route change: ${OPENAPI_COMMAND})`, async () => {
    const committed = readFileSync(openApiFilePath(), 'utf8');
    const generated = await openApiFileText();
    expect(
      JSON.parse(committed),
      `branch-service/openapi.json is stale: run \`${OPENAPI_COMMAND}\` and commit it`,
    ).toEqual(JSON.parse(generated));
    expect(committed, `branch-service/openapi.json is not formatted: run ${OPENAPI_COMMAND}`).toBe(
      generated,
    );
  });

  it('would notice a route the committed file does not have', () => {
    const committed = JSON.parse(readFileSync(openApiFilePath(), 'utf8')) as Json;
    const extra = defineRoute({
      method: 'GET',
      path: '/v1/extra/:id',
      operationId: 'getExtra',
      summary: 'Not a real route',
      auth: 'kiosk',
      responses: { 204: { description: 'Nothing' } },
      handler: () => () => ({ status: 204 }),
    });
    expect(openApiDocument([...SERVICE_ROUTES, extra])).not.toEqual(committed);
    expect(openApiDocument(SERVICE_ROUTES)).toEqual(committed);
  });

  it('is served by the service, as generated', async () => {
    const res = await fetch(`${service.url}${OPENAPI_PATH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(openApiDocument(SERVICE_ROUTES));
  });

  it('documents every route of the table, with schemas that resolve', () => {
    const doc = openApiDocument(SERVICE_ROUTES) as {
      openapi: string;
      paths: Record<string, Record<string, Json>>;
      components: { schemas: Record<string, Json> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      SERVICE_ROUTES.map((r) => `${r.method} ${openApiPath(r.path)}`).sort(),
    );
    for (const path of Object.values(SYNC_PATHS)) expect(doc.paths[path]).toBeDefined();
    const ids = SERVICE_ROUTES.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of refs(doc)) {
      const name = ref.replace(/^#\/components\/schemas\//, '');
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
    const batch = doc.paths[SYNC_PATHS.batches]!.post as {
      requestBody: { content: Record<string, { schema: Json }> };
      responses: Record<string, unknown>;
    };
    expect(batch.requestBody.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/BatchRequest',
    });
    expect(Object.keys(batch.responses)).toEqual(['200', '400', '401', '403', '413', '500']);
    // The limits the code enforces are in the document.
    const payload = JSON.stringify(doc.components.schemas.TicketIssuedPayload);
    expect(payload).toContain('"maximum":99999');
    expect(payload).toContain('"maxLength":32');
    expect(payload).toContain('1970-9999');
  });

  it('describes what the running service answers for each documented operation', async () => {
    const doc = openApiDocument(SERVICE_ROUTES) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const url = `${service.url}${path.replace(/\{\w+\}/g, 'x')}`;
        const res = await fetch(url, {
          method: method.toUpperCase(),
          ...(method === 'get' ? {} : { body: '{}' }),
        });
        await res.arrayBuffer();
        // Without credentials: refused, or answered; never an unknown endpoint.
        expect(Object.keys(op.responses), `${method} ${path}`).toContain(String(res.status));
      }
    }
  });
});

describe('route table', () => {
  it('serves a new entry with path and query checks, 405 and 401, from its one definition', async () => {
    const thing = defineRoute({
      method: 'GET',
      path: '/v1/things/:id',
      operationId: 'getThing',
      summary: 'A route as another feature would add it',
      auth: 'kiosk',
      params: z.object({ id: Uuid }),
      query: z.object({
        limit: z
          .string()
          .regex(/^\d{1,3}$/)
          .optional(),
      }),
      responses: { 200: { description: 'The thing' } },
      handler: () => (request) => ({
        status: 200,
        body: { id: request.params.id, limit: request.query.limit ?? null, by: request.kioskId },
      }),
    });
    const { app } = buildApp({
      routes: [thing],
      context: {
        db: service.db,
        auth: createKioskAuth(service.db, silentLogger),
        log: silentLogger,
        branchConfig: fixedBranchConfig(
          checkedBranchConfig({
            branch: DEFAULT_BRANCH,
            businessTypes: DEFAULT_BUSINESS_TYPES,
          }),
        ),
      },
      maxBodyBytes: 1024,
      log: silentLogger,
    });
    try {
      const headers = { authorization: `Bearer ${TOKEN}`, 'x-kiosk-id': KIOSK_ID };
      const id = '01950000-0000-7000-8000-000000000001';
      const ok = await app.inject({ url: `/v1/things/${id}?limit=5`, headers });
      expect([ok.statusCode, ok.json()]).toEqual([200, { id, limit: '5', by: KIOSK_ID }]);

      const badId = await app.inject({ url: '/v1/things/NOT-A-UUID', headers });
      expect([badId.statusCode, badId.json()]).toEqual([
        400,
        { error: { code: 'INVALID_REQUEST', message: 'id must be a lower-case UUID' } },
      ]);
      const badQuery = await app.inject({ url: `/v1/things/${id}?limit=many`, headers });
      expect(badQuery.statusCode).toBe(400);
      expect(badQuery.json()).toMatchObject({ error: { code: 'INVALID_REQUEST' } });

      const post = await app.inject({ method: 'POST', url: `/v1/things/${id}`, headers });
      expect([post.statusCode, post.headers.allow]).toEqual([405, 'GET']);
      expect((await app.inject({ url: `/v1/things/${id}` })).statusCode).toBe(401);
      expect((await app.inject({ url: '/v1/other', headers })).statusCode).toBe(404);

      const doc = openApiDocument([thing]) as { paths: Record<string, { get: Json }> };
      expect(doc.paths['/v1/things/{id}']!.get.parameters).toEqual([
        expect.objectContaining({ name: 'id', in: 'path', required: true }),
        expect.objectContaining({ name: 'limit', in: 'query', required: false }),
      ]);
    } finally {
      await app.close();
    }
  });
});
