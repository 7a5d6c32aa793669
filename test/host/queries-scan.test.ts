/**
 * "My ticket" by scanning the ticket's QR code, in the whole kiosk (createKiosk, a branch of two
 * kiosks: the first with the embedded branch service on PGlite, the second remote behind a
 * fault-injecting proxy). The renderer sends what the lobby scanner typed (SCAN_QUERY_INPUT);
 * the host reads it: the follow link a ticket of this branch carries (as printed, from the
 * ticket screen's QR payload) or a bare number gets the same answer as a typed number (live, or
 * the kiosk's own copy when the service is down); another branch's link, garbage or an overlong
 * code gets "not a ticket of this branch" on the keypad, which stays usable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../main/kiosk.js';
import { MAX_TICKET_CODE_LENGTH } from '../../src/domain/ticket-scan.js';
import { formatMessage } from '../../src/i18n/messages.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { start, takeTicket } from './kiosk-helpers.js';

const proxies: FaultProxy[] = [];
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.close();
});

async function issued(kiosk: Kiosk) {
  const screen = await takeTicket(kiosk, 'personal');
  kiosk.bridge.dispatch({ type: 'FINISH' });
  await waitForScreen(kiosk, 'attract');
  if (screen.screen !== 'ticketIssued') throw new Error(`not issued: ${screen.screen}`);
  return screen.ticket;
}

/** The query menu of a new session. */
async function queries(kiosk: Kiosk) {
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'query' });
  await waitForScreen(kiosk, 'queryMenu');
}

/** What the screen shows after the scanner typed `text`: an answer, or the keypad with why not. */
async function scan(kiosk: Kiosk, text: string, shows: 'queryAnswer' | 'refused' = 'queryAnswer') {
  kiosk.bridge.dispatch({ type: 'SCAN_QUERY_INPUT', text });
  return waitForView(kiosk, (v) =>
    shows === 'queryAnswer'
      ? v.screen === 'queryAnswer'
      : v.screen === 'queryInput' && v.notice?.key === 'notice.scanNotATicket',
  );
}

/**
 * The branch's public follow address, as a real branch configures it on every kiosk (phones
 * reach neither 127.0.0.1 nor the branch LAN): both kiosks' links are on it.
 */
const PUBLIC_FOLLOW = 'https://queue.branch-17.example.cn';

/** A branch: the first kiosk runs the service, the second reaches it through a proxy. */
async function branch() {
  const first = await start({ ticketQrBaseUrl: PUBLIC_FOLLOW });
  const proxy = await FaultProxy.start(first.kiosk.branchServiceUrl);
  proxies.push(proxy);
  const second = await start({
    branchService: { kind: 'remote', url: proxy.url },
    ticketQrBaseUrl: PUBLIC_FOLLOW,
  });
  return { first, second, proxy };
}

const zh = (key: Parameters<typeof formatMessage>[1], params = {}) =>
  JSON.stringify(formatMessage('zh-CN', key, params)).slice(1, -1);

describe('kiosk (host, headless): my ticket by scanning its QR code', () => {
  it('answers a ticket of either kiosk from its printed link or bare number; refuses the rest on the keypad', async () => {
    const { first, second } = await branch();
    const mine = await issued(first.kiosk);
    const theirs = await issued(second.kiosk);
    // Both kiosks print links on the branch's one follow address.
    for (const { qrPayload } of [mine, theirs]) {
      expect(qrPayload).toMatch(/^https:\/\/queue\.branch-17\.example\.cn\/t\/.+\?n=A\d{4}&k=/);
    }

    // From the query menu: the first kiosk's ticket scanned at the second, answered live.
    await queries(second.kiosk);
    const live = await scan(second.kiosk, mine.qrPayload);
    expect(live).toMatchObject({ screen: 'queryAnswer', title: 'query.myTicket', notice: null });
    const liveText = JSON.stringify(live.screen === 'queryAnswer' ? live.blocks : null);
    expect(liveText).toContain(`{"label":"号码","value":"${mine.number}"}`);
    expect(liveText).toContain('{"label":"您前面还有","value":"0"}');
    expect(second.log.named('query.scanRead')).toEqual([
      expect.objectContaining({ kind: 'followLink', ownTicket: false }),
    ]);

    // On that answer, the next code: another branch's link → the keypad, with the reason.
    const foreign = mine.qrPayload.replace('branch-17', 'branch-18');
    const refused = await scan(second.kiosk, foreign, 'refused');
    expect(refused).toMatchObject({
      screen: 'queryInput',
      title: 'query.myTicket',
      prompt: { key: 'query.scanOrEnter' },
      notice: { key: 'notice.scanNotATicket' },
      input: '',
    });
    // The keypad still works, and clears the reason.
    for (const text of 'A0') second.kiosk.bridge.dispatch({ type: 'TYPE_QUERY_INPUT', text });
    await waitForView(
      second.kiosk,
      (v) => v.screen === 'queryInput' && v.input === 'A0' && v.notice === null,
    );
    // Garbage and an overlong code: refused too, the typing kept.
    for (const text of [
      '6901234567892',
      `${mine.qrPayload}&x=${'y'.repeat(MAX_TICKET_CODE_LENGTH)}`,
    ]) {
      expect(await scan(second.kiosk, text, 'refused')).toMatchObject({
        screen: 'queryInput',
        notice: { key: 'notice.scanNotATicket' },
        input: 'A0',
      });
      second.kiosk.bridge.dispatch({ type: 'ERASE_QUERY_INPUT' });
      second.kiosk.bridge.dispatch({ type: 'TYPE_QUERY_INPUT', text: '0' });
      await waitForView(second.kiosk, (v) => v.screen === 'queryInput' && v.notice === null);
    }
    expect(second.log.named('query.scanRefused').map((e) => e.reason)).toEqual([
      'otherBranch',
      'notATicket',
      'tooLong',
    ]);
    // Never the scanned text in the log: a follow link carries its token.
    expect(JSON.stringify(second.log.named('query.scanRefused'))).not.toContain('k=');

    // A bare number on the keypad screen: its answer, as if typed.
    const bare = await scan(second.kiosk, theirs.number.toLowerCase());
    expect(JSON.stringify(bare)).toContain(`{"label":"号码","value":"${theirs.number}"}`);
    expect(JSON.stringify(bare)).toContain('{"label":"您前面还有","value":"1"}');
    second.kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForScreen(second.kiosk, 'attract');

    // The first kiosk's own ticket, from its own link: its record's number.
    await queries(first.kiosk);
    const own = await scan(first.kiosk, mine.qrPayload);
    expect(JSON.stringify(own)).toContain(`{"label":"号码","value":"${mine.number}"}`);
    expect(first.log.named('query.scanRead')).toEqual([
      expect.objectContaining({ kind: 'followLink', ownTicket: true }),
    ]);
  });

  it('the branch service down: a scanned ticket gets the kiosk’s own answer, like a typed one', async () => {
    const { second, proxy } = await branch();
    const ticket = await issued(second.kiosk);
    await proxy.down();
    await queries(second.kiosk);
    const offline = await scan(second.kiosk, ticket.qrPayload);
    const text = JSON.stringify(offline);
    expect(text).toContain(ticket.number);
    expect(text).toContain(zh('query.positionUnknown'));
    expect(second.log.named('query.scanRead')).toEqual([
      expect.objectContaining({ kind: 'followLink', ownTicket: true }),
    ]);
    expect(second.log.named('query.liveTicketUnavailable')).toHaveLength(1);
  });
});
