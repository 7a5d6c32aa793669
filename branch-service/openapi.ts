/**
 * The OpenAPI 3.1 document of the branch service, generated from the route table
 * (./routes.ts) and the contract's zod schemas, so it cannot drift from what the service
 * checks. Served at GET /v1/openapi.json and committed as branch-service/openapi.json
 * (`npm run branch-service:openapi` rewrites it; a test fails when it is stale).
 */
import { z } from 'zod';
import { SYNC_API_VERSION } from '../src/contract/sync.js';
import { SYNC_CONTRACT_SCHEMAS } from '../src/contract/json-schema.js';
import type { AnyRoute, NamedSchema, ResponseSpec } from './route.js';

type Json = Record<string, unknown>;

const REF = '#/components/schemas/';
const ref = (name: string) => ({ $ref: `${REF}${name}` });

const KIOSK_SECURITY = { kioskToken: [], kioskId: [] };

/** Every named schema of the contract and of the routes, each once. */
function componentSchemas(routes: readonly AnyRoute[]): Json {
  const byName = new Map<string, z.ZodType>(Object.entries(SYNC_CONTRACT_SCHEMAS));
  const add = ({ name, schema }: NamedSchema) => {
    const known = byName.get(name);
    if (known !== undefined && known !== schema) {
      throw new Error(`Two different schemas are both named ${name} in the route table.`);
    }
    byName.set(name, schema);
  };
  for (const route of routes) {
    if (route.body) add(route.body.documented);
    for (const response of Object.values(route.responses))
      if (response.schema) add(response.schema);
  }
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  for (const [name, schema] of byName) {
    const already = names.get(schema);
    if (already !== undefined) throw new Error(`Schema ${name} is also named ${already}.`);
    names.set(schema, name);
    registry.add(schema, { id: name });
  }
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `${REF}${id}`,
  }) as { schemas: Record<string, Json> };
  // Each component is part of this document: no $schema or $id of its own.
  const sorted: Json = {};
  for (const name of [...Object.keys(schemas)].sort()) {
    const { $schema: _dialect, $id: _id, ...schema } = schemas[name]!;
    sorted[name] = schema;
  }
  return sorted;
}

/** A parameter schema (a string, maybe with a pattern) inline. */
function inlineSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
  return json;
}

function parameters(route: AnyRoute): Json[] {
  const list: Json[] = [];
  const add = (where: 'path' | 'query', shape: Record<string, z.ZodType> | undefined) => {
    for (const [name, schema] of Object.entries(shape ?? {})) {
      list.push({
        name,
        in: where,
        required: where === 'path' || !schema.safeParse(undefined).success,
        schema: inlineSchema(schema),
      });
    }
  };
  add('path', route.params?.shape);
  add('query', route.query?.shape);
  return list;
}

function response(spec: ResponseSpec): Json {
  const answer: Json = { description: spec.description };
  if (spec.headers) {
    answer.headers = Object.fromEntries(
      Object.entries(spec.headers).map(([name, description]) => [
        name,
        { description, schema: { type: 'string' } },
      ]),
    );
  }
  if (spec.schema) answer.content = { 'application/json': { schema: ref(spec.schema.name) } };
  else if (spec.mediaType) answer.content = { [spec.mediaType]: { schema: { type: 'string' } } };
  return answer;
}

const ERROR = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: ref('ErrorResponse') } },
});

function operation(route: AnyRoute): Json {
  const responses: Json = {};
  for (const [status, spec] of Object.entries(route.responses)) responses[status] = response(spec);
  if (route.body || route.params || route.query) {
    responses['400'] ??= ERROR('The request is malformed; the message says which field');
  }
  if (route.auth !== 'public') {
    responses['401'] ??= ERROR('Unknown kiosk, revoked kiosk or wrong token');
  }
  responses['500'] ??= ERROR('The service failed; the error is logged. Retry later.');
  const op: Json = {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    security:
      route.auth === 'kiosk'
        ? [KIOSK_SECURITY]
        : route.auth === 'public'
          ? []
          : [{}, KIOSK_SECURITY],
  };
  const params = parameters(route);
  if (params.length > 0) op.parameters = params;
  if (route.body) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: ref(route.body.documented.name) } },
    };
  }
  op.responses = Object.fromEntries(
    Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)),
  );
  return op;
}

/** `/v1/tickets/:id` → `/v1/tickets/{id}` */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, '{$1}');

/** The OpenAPI 3.1 document of `routes`. */
export function openApiDocument(routes: readonly AnyRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const item = (paths[openApiPath(route.path)] ??= {});
    const method = route.method.toLowerCase();
    if (item[method] !== undefined) {
      throw new Error(`The route table lists ${route.method} ${route.path} twice.`);
    }
    item[method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Branch service: kiosk sync API',
      version: SYNC_API_VERSION,
      description:
        'What a branch kiosk calls (design.md section 6). Generated from the route table of ' +
        'the reference branch service (branch-service/routes.ts) and the shared zod schemas ' +
        '(src/contract); regenerate with `npm run branch-service:openapi`.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: componentSchemas(routes),
      securitySchemes: {
        kioskToken: {
          type: 'http',
          scheme: 'bearer',
          description: "The kiosk's token, as provisioned (npm run branch-service:kiosks).",
        },
        kioskId: { type: 'apiKey', in: 'header', name: 'X-Kiosk-Id' },
      },
    },
  };
}
