// Customers known by their ID card's key at the reference branch service, over real HTTP, on
// PGlite and on a real PostgreSQL: one customer-key secret per branch (two instances on one
// database hand out the same one), VIP lookup by key, and bookings and VIPs by ID number turned
// into the key every kiosk makes from the card (the ID number itself is not stored).
import { afterAll, describe, expect, it } from 'vitest';
import type { BranchService } from '../../branch-service/server.js';
import {
  CUSTOMER_PATHS,
  CustomerKeySecretSchema,
  CustomerLookupAnswerSchema,
} from '../../src/contract/customers.js';
import { customerKeyId, customerKeyOf } from '../../src/customer-key.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService } from './harness.js';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());

const ID_NUMBER = '11010519491231002X';
const HEADERS = {
  authorization: `Bearer ${TOKEN}`,
  'x-kiosk-id': KIOSK_ID,
  'content-type': 'application/json',
};

async function call(service: BranchService, path: string, body?: unknown) {
  const response = await fetch(`${service.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: HEADERS,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function secretOf(service: BranchService): Promise<Buffer> {
  const answer = await call(service, CUSTOMER_PATHS.customerKey);
  expect(answer.status).toBe(200);
  const parsed = CustomerKeySecretSchema.parse(answer.body);
  const secret = Buffer.from(parsed.secret, 'base64');
  expect(parsed.keyId).toBe(customerKeyId(secret));
  return secret;
}

describe.each(databaseBackends(postgres))('customers by ID-card key on $name', (backend) => {
  const cleanup = new Cleanup();
  afterAll(() => cleanup.run());

  it('hands every kiosk one secret, the same from a second instance, and only to kiosks', async () => {
    const database = await backend.fresh();
    const first = await branchService(cleanup, { database });
    const secret = await secretOf(first);
    expect(secret).toHaveLength(32);
    expect((await secretOf(first)).equals(secret)).toBe(true);
    if (database.kind === 'postgres') {
      const second = await branchService(cleanup, { database });
      expect((await secretOf(second)).equals(secret)).toBe(true);
    }
    const anonymous = await fetch(`${first.url}${CUSTOMER_PATHS.customerKey}`);
    expect(anonymous.status).toBe(401);
  });

  it('looks a VIP up by key; a VIP marked by ID number is found by the key the card gives', async () => {
    const service = await branchService(cleanup, { database: await backend.fresh() });
    const key = customerKeyOf(ID_NUMBER, await secretOf(service));
    const before = await call(service, CUSTOMER_PATHS.lookup, { customerKey: key });
    expect(CustomerLookupAnswerSchema.parse(before.body)).toEqual({ vip: false });

    const marked = await call(service, CUSTOMER_PATHS.vipCustomers, { idNumber: ID_NUMBER });
    expect(marked).toEqual({ status: 200, body: { customerKey: key } });
    // Again: nothing changes.
    expect((await call(service, CUSTOMER_PATHS.vipCustomers, { customerKey: key })).status).toBe(
      200,
    );
    expect((await call(service, CUSTOMER_PATHS.lookup, { customerKey: key })).body).toEqual({
      vip: true,
    });
    const rows = await service.query<{ text: string }>(
      'SELECT row_to_json(v)::text AS text FROM vip_customers v',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text).not.toContain(ID_NUMBER);

    const bad = await call(service, CUSTOMER_PATHS.lookup, { customerKey: ID_NUMBER });
    expect(bad.status).toBe(400);
  });

  it('books by ID number and checks in by the card key; refuses both at once', async () => {
    const service = await branchService(cleanup, { database: await backend.fresh() });
    const key = customerKeyOf(ID_NUMBER, await secretOf(service));
    const booked = await call(service, '/v1/appointments', {
      code: '20261127',
      businessTypeId: 'personal',
      serviceDay: '2026-11-27',
      timeSlot: '09:30-10:00',
      idNumber: ID_NUMBER,
    });
    expect(booked.status).toBe(200);
    expect(booked.body['customerKey']).toBe(key);
    const checkedIn = await call(service, '/v1/appointments/check-in', {
      customerKey: key,
      serviceDay: '2026-11-27',
    });
    expect([checkedIn.status, checkedIn.body['code'], checkedIn.body['status']]).toEqual([
      200,
      '20261127',
      'checkedIn',
    ]);
    const stored = await service.query<{ text: string }>(
      'SELECT row_to_json(a)::text AS text FROM appointments a',
    );
    expect(stored.map((r) => r.text).join()).not.toContain(ID_NUMBER);
    const both = await call(service, '/v1/appointments', {
      code: '20261128',
      businessTypeId: 'personal',
      serviceDay: '2026-11-27',
      timeSlot: '09:30-10:00',
      idNumber: ID_NUMBER,
      customerKey: key,
    });
    expect(both.status).toBe(400);
  });
});
