// "Follow my ticket" on the reference branch service (issue 8, scan-to-follow), over HTTP, on
// PGlite and on a real PostgreSQL server: a ticket's page and its JSON through every state
// (waiting with the count ahead falling as the counter calls, called with the counter, served,
// no-show), the same 404 for an unknown ticket and a wrong token, a past day's ticket, the
// language, the headers, and one statement per look.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BranchDatabase } from '../../branch-service/db.js';
import { FOLLOW_PAGE_CSP } from '../../branch-service/follow-page.js';
import { openBranchDatabase } from '../../branch-service/server.js';
import { FollowStatusSchema, type FollowStatus } from '../../src/contract/follow.js';
import { localDay } from '../../src/domain/local-time.js';
import { followKeyOfKioskToken, followToken } from '../../src/follow-link.js';
import { formatMessage } from '../../src/i18n/messages.js';
import { uuidv7 } from '../../src/uuidv7.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService } from './harness.js';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const key = followKeyOfKioskToken(TOKEN);
const auth = { authorization: `Bearer ${TOKEN}`, 'x-kiosk-id': KIOSK_ID };
const today = () => localDay(new Date());

/** Counts the statements the service sends to its database. */
function counting(db: BranchDatabase) {
  const counter = { statements: 0 };
  const counted: BranchDatabase = {
    query: (sql, params) => {
      counter.statements += 1;
      return db.query(sql, params);
    },
    exec: (script) => db.exec(script),
    close: () => db.close(),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query(sql, params) {
            counter.statements += 1;
            return tx.query(sql, params);
          },
        }),
      ),
  };
  return { db: counted, counter };
}

describe.each(databaseBackends(postgres))('follow my ticket on $name', (backend) => {
  async function start() {
    const { db, counter } = counting(await openBranchDatabase(await backend.fresh()));
    const service = await branchService(cleanup, { database: { kind: 'external', db } });
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${service.url}${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status, path).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };
    const take = async (serviceDay = today()) => {
      const ticketId = uuidv7();
      const answer = await post('/v1/numbers', {
        ticketId,
        businessTypeId: 'personal',
        serviceDay,
      });
      return { id: ticketId, number: answer.number as string, k: followToken(key, ticketId) };
    };
    const callNext = (counterId = 'w3') =>
      post('/v1/counter/call-next', {
        counterId,
        businessTypeIds: ['personal'],
        serviceDay: today(),
      });
    const status = async (ticket: { id: string; k: string }): Promise<FollowStatus> => {
      const response = await fetch(`${service.url}/v1/follow/${ticket.id}?k=${ticket.k}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      return FollowStatusSchema.parse(await response.json());
    };
    const page = (ticket: { id: string; k: string }, headers: Record<string, string> = {}) =>
      fetch(`${service.url}/t/${ticket.id}?k=${ticket.k}`, { headers });
    return { service, counter, take, callNext, post, status, page };
  }

  it('follows a ticket from waiting, with the count ahead falling, to called and served', async () => {
    const { take, callNext, status, page, counter } = await start();
    const first = await take();
    const second = await take();
    const mine = await take();

    const waiting = await status(mine);
    expect(waiting).toMatchObject({
      ticketId: mine.id,
      number: mine.number,
      businessTypeId: 'personal',
      serviceDay: today(),
      state: 'waiting',
      waitingAhead: 2,
      estimatedWaitMinutes: null, // nobody served yet: no estimate, never a guess
      counterId: null,
      calledAt: null,
    });
    expect(Date.parse(waiting.asOf)).toBeGreaterThan(Date.now() - 60_000);

    // One statement per look, whatever the queue holds.
    const before = counter.statements;
    await status(mine);
    expect(counter.statements - before).toBe(1);
    const beforePage = counter.statements;
    expect((await page(mine)).status).toBe(200);
    expect(counter.statements - beforePage).toBe(1);

    expect((await callNext()).called).toMatchObject({ ticketId: first.id });
    expect(await status(mine)).toMatchObject({ state: 'waiting', waitingAhead: 1 });
    // The first customer is served when the counter calls the next: now there is a service
    // time to estimate from (one counter, one ticket ahead).
    expect((await callNext()).called).toMatchObject({ ticketId: second.id });
    const next = await status(mine);
    expect(next).toMatchObject({ state: 'waiting', waitingAhead: 0 });
    expect(next.estimatedWaitMinutes).toBe(0);
    const nextPage = await (await page(mine)).text();
    expect(nextPage).toContain(formatMessage('zh-CN', 'follow.youAreNext'));

    await callNext();
    const called = await status(mine);
    expect(called).toMatchObject({
      state: 'called',
      waitingAhead: null,
      estimatedWaitMinutes: null,
      counterId: 'w3',
    });
    expect(called.calledAt).not.toBeNull();
    const calledPage = await (await page(mine, { 'accept-language': 'en-GB,en;q=0.9' })).text();
    // The counter as customers read it (no names configured: from the id), never "w3".
    expect(calledPage).toContain('Please go to Counter 3');
    expect(calledPage).toContain(
      formatMessage('en', 'follow.goToCounter', { counter: 'Counter 3' }),
    );
    // (The id stays in the page's refresh key attribute, which nobody reads.)
    expect(calledPage.replace(/<[^>]*>/g, '')).not.toContain('w3');

    await callNext(); // nobody waits; the counter's customer is marked served
    expect(await status(mine)).toMatchObject({ state: 'served', counterId: 'w3' });
    const servedPage = await (await page(mine)).text();
    expect(servedPage).toContain(formatMessage('zh-CN', 'follow.served'));
    // A final state does not refresh itself.
    expect(servedPage).not.toContain('data-status-url');
  });

  it('shows the page in zh-CN by default and in English by Accept-Language or switch link', async () => {
    const { take, page, service } = await start();
    await take();
    const mine = await take();
    const zh = await page(mine);
    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(zh.headers.get('content-security-policy')).toBe(FOLLOW_PAGE_CSP);
    expect(FOLLOW_PAGE_CSP).toContain("default-src 'none'");
    expect(FOLLOW_PAGE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(zh.headers.get('cache-control')).toBe('no-store');
    expect(zh.headers.get('referrer-policy')).toBe('no-referrer');
    const zhText = await zh.text();
    expect(zhText).toContain('<html lang="zh-CN">');
    expect(zhText).toContain(mine.number);
    expect(zhText).toContain(formatMessage('zh-CN', 'follow.ahead', { count: 1 }));
    expect(zhText).toContain('个人业务');
    // The switch link keeps the capability and names the other language.
    expect(zhText).toContain(
      `<a href="/t/${mine.id}?k=${mine.k}&amp;lang=en" lang="en" hreflang="en">English</a>`,
    );

    const en = await (await page(mine, { 'accept-language': 'fr;q=1, en;q=0.8, zh;q=0.5' })).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain(formatMessage('en', 'follow.ahead', { count: 1 }));
    const switched = await fetch(`${service.url}/t/${mine.id}?k=${mine.k}&lang=en`, {
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(await switched.text()).toContain('<html lang="en">');
    // Nothing from elsewhere: no external script, style, font or image.
    expect(zhText).not.toMatch(/(src|href)="https?:/);
  });

  it('answers an unknown ticket and a wrong token alike with 404, without a kiosk credential', async () => {
    const { take, service } = await start();
    const mine = await take();
    const stranger = { id: uuidv7(), k: followToken(key, uuidv7()) };
    for (const [id, k] of [
      [stranger.id, followToken(key, stranger.id)], // no such ticket
      [mine.id, stranger.k], // the ticket, another ticket's token
      [mine.id, followToken(followKeyOfKioskToken('other-token'), mine.id)], // forged key
      [mine.id, ''], // no token
      ['not-a-ticket', mine.k], // a damaged link
    ] as const) {
      const json = await fetch(`${service.url}/v1/follow/${id}?k=${k}`);
      expect([400, 404]).toContain(json.status);
      if (id === mine.id && k !== '') {
        expect(json.status).toBe(404);
        expect(await json.json()).toEqual({
          error: { code: 'TICKET_NOT_FOUND', message: expect.any(String) },
        });
      }
      const html = await fetch(`${service.url}/t/${id}?k=${k}`);
      expect(html.status).toBe(404);
      expect(html.headers.get('content-security-policy')).toBe(FOLLOW_PAGE_CSP);
      const text = await html.text();
      expect(text).toContain(formatMessage('zh-CN', 'follow.notFoundTitle'));
      expect(text).not.toContain(mine.number);
    }
  });

  it('says a ticket of another day is not in today’s queue (404)', async () => {
    const { take, service } = await start();
    const yesterday = localDay(new Date(Date.now() - 86_400_000));
    const old = await take(yesterday);
    const json = await fetch(`${service.url}/v1/follow/${old.id}?k=${old.k}`);
    expect(json.status).toBe(404);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe(
      'TICKET_NOT_TODAY',
    );
    const html = await fetch(`${service.url}/t/${old.id}?k=${old.k}&lang=en`);
    expect(html.status).toBe(404);
    const text = await html.text();
    expect(text).toContain(formatMessage('en', 'follow.otherDayTitle'));
    expect(text).toContain(formatMessage('en', 'follow.otherDayText', { day: yesterday }));
  });

  it('shows a number the kiosk voided (it never reached the customer), without refreshing', async () => {
    const { take, post, status, page } = await start();
    const mine = await take();
    const now = new Date().toISOString();
    const answer = await post('/v1/batches', {
      kioskId: KIOSK_ID,
      items: [
        {
          id: uuidv7(),
          seq: 1,
          kioskId: KIOSK_ID,
          kind: 'ticket.voided',
          createdAt: now,
          payload: {
            ticketId: mine.id,
            kioskId: KIOSK_ID,
            businessTypeId: 'personal',
            serviceDay: today(),
            number: mine.number,
            sequence: Number(mine.number.slice(1)),
            issuedOffline: false,
            reservedAt: now,
            voidedAt: now,
            reason: 'interruptedBeforeIssue',
          },
        },
      ],
    });
    expect(answer).toMatchObject({ accepted: [expect.any(String)], rejected: [] });
    expect(await status(mine)).toMatchObject({ state: 'voided', waitingAhead: null });
    const text = await (await page(mine)).text();
    expect(text).toContain(formatMessage('zh-CN', 'follow.voided'));
    expect(text).not.toContain('<script>');
  });

  it('shows a no-show', async () => {
    const { take, callNext, post, status } = await start();
    const mine = await take();
    await callNext('w1');
    await post('/v1/counter/no-show', { counterId: 'w1', ticketId: mine.id });
    expect(await status(mine)).toMatchObject({ state: 'noShow', waitingAhead: null });
  });
});
