/**
 * The queue-status query in the whole kiosk (createKiosk, the embedded branch service on
 * PGlite): per business type the people waiting and the estimate, as of the kiosk's copy,
 * counting the ticket this kiosk just issued; "wait unknown" when the service does not answer.
 */
import { describe, expect, it } from 'vitest';
import type { Kiosk } from '../../main/kiosk.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { closedPort, start, takeTicket } from './kiosk-helpers.js';

async function queueStatus(kiosk: Kiosk) {
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'query' });
  const menu = await waitForScreen(kiosk, 'queryMenu');
  expect(menu.entries[0]).toEqual({ id: 'queueStatus', label: 'query.queueStatus' });
  kiosk.bridge.dispatch({ type: 'CHOOSE_QUERY', queryId: 'queueStatus' });
  return waitForScreen(kiosk, 'queryAnswer');
}

describe('kiosk (host, headless): the queue-status query', () => {
  it("shows each queue's waiting count as of the copy, counting this kiosk's ticket", async () => {
    const { kiosk, log } = await start();
    await takeTicket(kiosk, 'personal');
    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForView(kiosk, (v) => v.screen === 'attract');

    const answer = await queueStatus(kiosk);
    expect(answer).toMatchObject({ title: 'query.queueStatus', notice: null, ageMinutes: 0 });
    expect(answer.asOf).toMatch(/\d\d:\d\d$/);
    const table = answer.blocks[0]!;
    expect(table.kind).toBe('table');
    if (table.kind !== 'table') return;
    expect(table.columns).toEqual(['业务类型', '等候人数', '预计等候']);
    expect(table.rows).toEqual([
      ['个人业务', '1', '暂无估计'],
      ['对公业务', '0', '暂无估计'],
      ['贵宾理财', '0', '暂无估计'],
    ]);
    kiosk.bridge.dispatch({ type: 'SET_LANGUAGE', language: 'en' });
    const english = await waitForView(
      kiosk,
      (v) => v.screen === 'queryAnswer' && JSON.stringify(v.blocks).includes('Personal banking'),
    );
    expect(JSON.stringify(english)).toContain('No estimate yet');
    expect(log.named('query.answered')).toContainEqual(
      expect.objectContaining({ query: 'queueStatus', ageMinutes: 0 }),
    );
  });

  it('says "wait unknown" when the branch service does not answer', async () => {
    const port = await closedPort();
    const { kiosk } = await start({
      branchService: { kind: 'remote', url: `http://127.0.0.1:${port}/` },
    });
    const answer = await queueStatus(kiosk);
    // No copy at all: not confirmed by the branch, and no count.
    expect(answer.asOf).toBeNull();
    expect(answer.notice).toEqual({ key: 'query.asOfUnknown' });
    expect(answer.blocks[0]).toEqual({
      kind: 'text',
      text: '暂时无法获取网点最新的排队情况，等候人数和等候时间未知，请留意叫号屏或咨询大堂工作人员',
    });
    expect(JSON.stringify(answer.blocks)).toContain('"未知","未知"');
  });
});
