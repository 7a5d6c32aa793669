/**
 * "My ticket" in the whole kiosk (createKiosk, a branch of two kiosks: the first with the
 * embedded branch service on PGlite, the second remote behind a fault-injecting proxy): a ticket
 * taken at either kiosk is looked up by its number at the other and answered live (people ahead
 * in the call order, as of the service's time); once a counter calls it (the counter CLI),
 * "already called, go to counter N". When the service is too slow or down, the kiosk shows its
 * own ticket with its age and "live position unavailable", without holding up the screen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../main/kiosk.js';
import { runCounterCli } from '../../main/counter/run.js';
import { LIVE_TICKET_TIMEOUT_MS } from '../../main/features/query.js';
import { ticketLookupPath } from '../../src/contract/ticket-lookup.js';
import { formatMessage } from '../../src/i18n/messages.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { start, takeTicket } from './kiosk-helpers.js';

const proxies: FaultProxy[] = [];
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.close();
});

/** Looks `number` up as a customer does: the query menu, the keypad, "show". */
async function myTicket(kiosk: Kiosk, number: string) {
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'query' });
  await waitForScreen(kiosk, 'queryMenu');
  kiosk.bridge.dispatch({ type: 'CHOOSE_QUERY', queryId: 'myTicket' });
  const keypad = await waitForScreen(kiosk, 'queryInput');
  expect(keypad.prefixes).toEqual(['A', 'B', 'V']);
  for (const text of number) kiosk.bridge.dispatch({ type: 'TYPE_QUERY_INPUT', text });
  await waitForView(kiosk, (v) => v.screen === 'queryInput' && v.complete);
  const asked = Date.now();
  kiosk.bridge.dispatch({ type: 'SUBMIT_QUERY_INPUT' });
  const answer = await waitForScreen(kiosk, 'queryAnswer');
  const tookMs = Date.now() - asked;
  kiosk.bridge.dispatch({ type: 'FINISH' });
  await waitForScreen(kiosk, 'attract');
  return { answer, text: JSON.stringify(answer.blocks), tookMs };
}

async function issued(kiosk: Kiosk) {
  const screen = await takeTicket(kiosk, 'personal');
  expect(screen.screen).toBe('ticketIssued');
  kiosk.bridge.dispatch({ type: 'FINISH' });
  await waitForScreen(kiosk, 'attract');
  if (screen.screen !== 'ticketIssued') throw new Error('not issued');
  return screen.ticket;
}

/** A branch: the first kiosk runs the service, the second reaches it through a proxy. */
async function branch() {
  const first = await start();
  const proxy = await FaultProxy.start(first.kiosk.branchServiceUrl);
  proxies.push(proxy);
  const second = await start({ branchService: { kind: 'remote', url: proxy.url } });
  return { first, second, proxy };
}

const zh = (key: Parameters<typeof formatMessage>[1], params = {}) =>
  JSON.stringify(formatMessage('zh-CN', key, params)).slice(1, -1);

describe('kiosk (host, headless): my ticket', () => {
  it('answers live for a ticket of any kiosk of the branch, then "already called" at counter N', async () => {
    const { first, second } = await branch();
    const mine = await issued(first.kiosk);
    const theirs = await issued(second.kiosk);

    // The first kiosk's ticket, looked up at the second: nobody ahead, as of the service.
    const live = await myTicket(second.kiosk, mine.number);
    expect(live.answer.notice).toBeNull();
    expect(live.answer.asOf).toMatch(/\d\d:\d\d$/);
    expect(live.answer.ageMinutes).toBe(0);
    expect(live.answer.blocks).toContainEqual({
      kind: 'pairs',
      pairs: [
        { label: '号码', value: mine.number },
        { label: '业务类型', value: '个人业务' },
        { label: '您前面还有', value: '0' },
        { label: '预计等候', value: '暂无估计' },
      ],
    });
    expect(live.text).not.toContain(zh('query.positionUnknown'));
    // The second kiosk's ticket, looked up at the first: one ahead.
    const behind = await myTicket(first.kiosk, theirs.number);
    expect(behind.text).toContain('{"label":"您前面还有","value":"1"}');

    // A counter calls the next customer, as the counter CLI does.
    const out: string[] = [];
    const code = await runCounterCli(
      [
        '--url',
        first.kiosk.branchServiceUrl,
        '--id',
        first.kiosk.config.kioskId,
        '--token',
        first.kiosk.config.kioskToken,
        '--window',
        '7',
        'next',
        'personal',
      ],
      {},
      { out: (line) => out.push(line), err: (line) => out.push(line) },
    );
    expect(code, out.join('\n')).toBe(0);
    const called = await myTicket(second.kiosk, mine.number);
    expect(called.text).toContain(zh('query.ticketCalledAt', { counter: '7号窗口' }));
    expect(called.text).not.toContain(zh('query.ticketCalledAt', { counter: '7' }));
    expect(called.text).toContain('叫号时间');
    expect((await myTicket(first.kiosk, theirs.number)).text).toContain(
      '{"label":"您前面还有","value":"0"}',
    );
    expect(first.log.named('query.liveTicketUnavailable')).toEqual([]);

    // A number no ticket of the branch has today: check the number.
    const unknown = await myTicket(second.kiosk, 'A0999');
    expect(unknown.text).toContain(zh('query.ticketUnknownToday', { number: 'A0999' }));
  });

  it('shows its own ticket with its age when the service is too slow, never holding the screen', async () => {
    const { second, proxy } = await branch();
    const ticket = await issued(second.kiosk);
    proxy.script(ticketLookupPath(ticket.number), { kind: 'slow', delayMs: 6_000 });
    const slow = await myTicket(second.kiosk, ticket.number);
    expect(slow.tookMs).toBeLessThan(LIVE_TICKET_TIMEOUT_MS + 2_000);
    expect(slow.text).toContain(ticket.number);
    expect(slow.text).toContain(zh('query.minutesAgo', { minutes: 0 }));
    expect(slow.text).toContain('{"label":"取号时前面等候人数","value":"0"}');
    expect(slow.text).toContain(zh('query.positionUnknown'));
    expect(second.log.named('query.liveTicketUnavailable')).toEqual([
      expect.objectContaining({ code: 'timeout' }),
    ]);
  });

  it('shows its own ticket when the service is down, and "not found here" for others', async () => {
    const { second, proxy } = await branch();
    const ticket = await issued(second.kiosk);
    await proxy.down();
    const offline = await myTicket(second.kiosk, ticket.number);
    expect(offline.text).toContain(ticket.number);
    expect(offline.text).toContain(zh('query.positionUnknown'));
    const other = await myTicket(second.kiosk, 'A0999');
    expect(other.text).toContain(zh('query.ticketNotFound', { number: 'A0999' }));
    expect(other.text).toContain(zh('query.positionUnknown'));
    // A kept-alive connection is cut; a new one is refused: either way, no answer.
    const codes = second.log.named('query.liveTicketUnavailable').map((e) => e.code);
    expect(codes).toHaveLength(2);
    for (const code of codes) expect(['connectionCut', 'connectionRefused']).toContain(code);
  });
});
