/**
 * A customer who walks up and holds their ticket to the lobby scanner, in the whole kiosk
 * (createKiosk, the embedded branch service on PGlite): on the attract screen (or the home menu)
 * the renderer sends `START_FLOW { flow: 'query', scan }`; the session starts the query flow with
 * the text and the host reads it at once: "my ticket" for a ticket of this branch, or "not a
 * ticket of this branch" on the my-ticket keypad. The attract screen's defaults stay (language,
 * no elder mode); back and done lead where they lead after any query.
 */
import { describe, expect, it } from 'vitest';
import type { Kiosk } from '../../main/kiosk.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { start, takeTicket } from './kiosk-helpers.js';

async function issued(kiosk: Kiosk) {
  const screen = await takeTicket(kiosk, 'personal');
  kiosk.bridge.dispatch({ type: 'FINISH' });
  await waitForScreen(kiosk, 'attract');
  if (screen.screen !== 'ticketIssued') throw new Error(`not issued: ${screen.screen}`);
  return screen.ticket;
}

/** What the lobby scanner's burst is on the attract screen and the menu (renderer/scanner). */
function scanToStart(kiosk: Kiosk, text: string) {
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'query', scan: text });
}

describe('kiosk (host, headless): a ticket scanned on the attract screen or the menu', () => {
  it('goes from the attract screen straight to its "my ticket" answer; back leads to the menu, done to attract', async () => {
    const { kiosk, log } = await start();
    const ticket = await issued(kiosk);

    scanToStart(kiosk, ticket.qrPayload);
    const answer = await waitForScreen(kiosk, 'queryAnswer');
    expect(answer).toMatchObject({ title: 'query.myTicket', language: 'zh-CN' });
    expect(answer.elder).not.toBe(true);
    expect(JSON.stringify(answer.blocks)).toContain(`{"label":"号码","value":"${ticket.number}"}`);
    expect(log.named('query.scanRead')).toEqual([
      expect.objectContaining({ kind: 'followLink', ownTicket: true }),
    ]);

    // Back as after any query: the query menu, then the home menu, then the attract screen.
    kiosk.bridge.dispatch({ type: 'BACK' });
    await waitForScreen(kiosk, 'queryMenu');
    kiosk.bridge.dispatch({ type: 'BACK' });
    await waitForScreen(kiosk, 'menu');

    // On the home menu: the same, in the customer's language; done ends the session.
    kiosk.bridge.dispatch({ type: 'SET_LANGUAGE', language: 'en' });
    await waitForView(kiosk, (v) => v.screen === 'menu' && v.language === 'en');
    scanToStart(kiosk, ticket.number);
    const fromMenu = await waitForScreen(kiosk, 'queryAnswer');
    expect(fromMenu).toMatchObject({ title: 'query.myTicket', language: 'en' });
    expect(JSON.stringify(fromMenu.blocks)).toContain(ticket.number);
    kiosk.bridge.dispatch({ type: 'FINISH' });
    const attract = await waitForScreen(kiosk, 'attract');
    expect(attract.language).toBe('zh-CN');
  });

  it('refuses a code that is not a ticket of this branch on the my-ticket keypad, which stays usable', async () => {
    const { kiosk, log } = await start();
    const ticket = await issued(kiosk);

    scanToStart(kiosk, '6901234567892');
    const refused = await waitForView(
      kiosk,
      (v) => v.screen === 'queryInput' && v.notice?.key === 'notice.scanNotATicket',
    );
    expect(refused).toMatchObject({
      screen: 'queryInput',
      title: 'query.myTicket',
      prompt: { key: 'query.scanOrEnter' },
      input: '',
      language: 'zh-CN',
    });
    expect(log.named('query.scanRefused').map((e) => e.reason)).toEqual(['notATicket']);
    // Never the scanned text in the log.
    expect(JSON.stringify(log.named('query.scanRefused'))).not.toContain('6901234567892');

    // The keypad answers the typed number.
    for (const text of ticket.number) kiosk.bridge.dispatch({ type: 'TYPE_QUERY_INPUT', text });
    await waitForView(kiosk, (v) => v.screen === 'queryInput' && v.complete && v.notice === null);
    kiosk.bridge.dispatch({ type: 'SUBMIT_QUERY_INPUT' });
    const answer = await waitForScreen(kiosk, 'queryAnswer');
    expect(JSON.stringify(answer.blocks)).toContain(`{"label":"号码","value":"${ticket.number}"}`);

    // Done: the next customer's attract screen, where a scan starts afresh.
    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForScreen(kiosk, 'attract');
    scanToStart(kiosk, ticket.qrPayload);
    await waitForScreen(kiosk, 'queryAnswer');
  });
});
