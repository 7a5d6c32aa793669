// The sync contract's schemas: reasons that name the field, bounds on every field, and the JSON
// Schema the OpenAPI document is built from.
import { describe, expect, it } from 'vitest';
import {
  syncContractJsonSchemas,
  SYNC_CONTRACT_SCHEMAS,
} from '../../../src/contract/json-schema.js';
import { check } from '../../../src/contract/problems.js';
import {
  BatchRequestSchema,
  MAX_BATCH_ITEMS,
  checkBranchConfig,
  checkOutboxItem,
} from '../../../src/contract/sync.js';
import { LANGUAGES } from '../../../src/domain/business-type.js';
import { ticket } from './fixtures.js';

const item = (n: number, payload: Record<string, unknown> = {}) => ({
  id: `01950000-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`,
  seq: n,
  kioskId: 'kiosk-1',
  kind: 'ticket.issued',
  createdAt: '2025-03-04T01:30:04.000Z',
  payload: { ...ticket, ...payload },
});
const type = { id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal' } };
const branch = { id: 'b1', name: { 'zh-CN': '支行', en: 'Branch' } };

describe('reasons a person can read', () => {
  it('names the field path from the top of the message', () => {
    const request = {
      kioskId: 'kiosk-1',
      items: [item(1), item(2), item(3), item(4, { number: 42 })],
    };
    expect(check(BatchRequestSchema, request)).toMatchObject({
      ok: false,
      problem: 'items[3].payload.number must be a non-empty string',
    });
    expect(
      check(BatchRequestSchema, { ...request, items: [item(1, { kioskId: 'x' })] }),
    ).toMatchObject({
      ok: false,
      problem: 'items[0].payload.kioskId must be the sending kiosk (kiosk-1)',
    });
  });

  it('says what is missing, what is out of range and what is not one of the choices', () => {
    const { waitingAhead: _dropped, ...withoutWaiting } = ticket;
    const reason = (payload: unknown) => {
      const checked = checkOutboxItem({ ...item(1), payload }, 'kiosk-1');
      return checked.ok ? null : checked.reason;
    };
    expect(reason(withoutWaiting)).toBe('payload.waitingAhead is missing');
    expect(reason({ ...ticket, waitingAhead: 1e6 })).toBe(
      'payload.waitingAhead must be at most 99999',
    );
    expect(reason({ ...ticket, waitingAhead: 1.5 })).toBe(
      'payload.waitingAhead must be a non-negative integer',
    );
    expect(reason({ ...ticket, delivery: 'pigeon' })).toBe(
      "payload.delivery must be 'printed' or 'screen'",
    );
    expect(reason({ ...ticket, status: 'reserved' })).toBe("payload.status must be 'issued'");
    expect(reason({ ...ticket, number: 'A'.repeat(33) })).toBe(
      'payload.number must be at most 32 characters long',
    );
    expect(reason('A001')).toBe('payload must be an object (the issued ticket)');
  });

  it('bounds every text and list of the branch configuration', () => {
    const problem = (value: unknown) => {
      const checked = checkBranchConfig(value);
      return checked.ok ? null : checked.problem;
    };
    expect(problem(null)).toBe('the configuration must be an object');
    expect(problem({ branch: { ...branch, id: 'b'.repeat(201) }, businessTypes: [type] })).toBe(
      'branch.id must be at most 200 characters long',
    );
    expect(
      problem({ branch, businessTypes: [{ ...type, name: { 'zh-CN': ' ', en: 'Personal' } }] }),
    ).toBe('businessTypes[0].name["zh-CN"] must be a non-empty string');
    expect(problem({ branch, businessTypes: [{ ...type, prefix: 'a1' }] })).toBe(
      'businessTypes[0].prefix must be one or two capital letters',
    );
    const many = Array.from({ length: 51 }, (_, i) => ({ ...type, id: `t${i}`, prefix: 'A' }));
    expect(problem({ branch, businessTypes: many })).toMatch(
      /^businessTypes must list at most 50 business types/,
    );
  });

  it('keeps what a newer kiosk adds to a payload, and drops nothing the service stores', () => {
    const checked = checkOutboxItem(item(1, { elderMode: true }), 'kiosk-1');
    expect(checked.ok && checked.item.payload).toMatchObject({ elderMode: true, number: 'A001' });
  });
});

describe('JSON Schema of the contract', () => {
  const schemas = syncContractJsonSchemas();

  it('emits every message of the contract, named, with references between them', () => {
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(SYNC_CONTRACT_SCHEMAS).sort());
    for (const [name, schema] of Object.entries(schemas)) {
      expect(schema.$id).toBe(`#/components/schemas/${name}`);
      expect(() => JSON.parse(JSON.stringify(schema))).not.toThrow();
    }
    const request = schemas.BatchRequest as {
      required: string[];
      properties: { items: { maxItems: number; items: { $ref: string } } };
    };
    expect(request.required.sort()).toEqual(['items', 'kioskId']);
    expect(request.properties.items.maxItems).toBe(MAX_BATCH_ITEMS);
    expect(request.properties.items.items.$ref).toBe('#/components/schemas/OutboxItem');
  });

  it('states the bounds the code enforces', () => {
    const payload = schemas.TicketIssuedPayload as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    expect(payload.properties.number).toMatchObject({ type: 'string', maxLength: 32 });
    expect(payload.properties.waitingAhead).toMatchObject({ type: 'integer', minimum: 0 });
    expect(payload.properties.status).toMatchObject({ const: 'issued' });
    expect(payload.required).toContain('serviceDay');
    const config = schemas.BranchConfig as {
      properties: { businessTypes: Record<string, unknown> };
    };
    expect(config.properties.businessTypes).toMatchObject({ minItems: 1, maxItems: 50 });
    const text = schemas.LocalizedText as { required: string[] };
    expect(text.required.sort()).toEqual([...LANGUAGES].sort());
    const health = schemas.HealthResponse as { properties: { apiVersion: unknown } };
    expect(health.properties.apiVersion).toMatchObject({ const: 'v1' });
  });

  it('takes another place for the references', () => {
    const elsewhere = syncContractJsonSchemas('#/$defs/');
    expect(JSON.stringify(elsewhere.BatchResponse)).toContain('"$ref":"#/$defs/BatchRejection"');
  });
});
