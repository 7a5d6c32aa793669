import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromPromise } from 'xstate';
import { KioskViewSchema, type KioskView } from '../../../src/bridge/contract.js';
import { defaultConfig } from '../../../src/config.js';
import { createMemoryLog } from '../../../src/log/index.js';
import { ticketFlow, ticketMachine, type ReservedTicket } from '../../../machines/ticket/index.js';
import { createSessionHost, type SessionHost } from '../../../main/session-host.js';
import { tempDir } from '../../support/temp-dir.js';

const branch = {
  branch: { id: 'b1', name: { 'zh-CN': '东城支行', en: 'Dongcheng Branch' } },
  businessTypes: [{ id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal' } }],
};

let host: SessionHost | null = null;
afterEach(() => host?.stop());

function startHost(warningMs = 60_000) {
  let time = Date.parse('2026-11-27T09:00:00Z');
  const views: KioskView[] = [];
  const log = createMemoryLog();
  const flow = ticketFlow(
    ticketMachine.provide({
      // The ticket never comes back: the flow stays busy printing as long as the test needs.
      actors: { reserveTicket: fromPromise(() => new Promise<ReservedTicket>(() => {})) },
    }),
  );
  host = createSessionHost({
    flows: [flow],
    config: {
      ...defaultConfig(tempDir('session-host')),
      session: { inactivityMs: 30, warningMs },
    },
    branch: () => branch,
    devices: () => ({ printer: null }),
    logger: log.logger,
    now: () => new Date(time),
  });
  host.bridge.onView((view) => views.push(view));
  host.start();
  const next = (predicate: (view: KioskView) => boolean) =>
    new Promise<KioskView>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no such view; last ${JSON.stringify(views.at(-1))}`)),
        5_000,
      );
      const check = () => {
        const found = views.find(predicate);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else setTimeout(check, 10);
      };
      check();
    });
  return { host, views, next, advance: (ms: number) => void (time += ms), log };
}

describe('session host', () => {
  it('counts the inactivity warning down on the injected clock', async () => {
    const { host, next, advance, views } = startHost();
    host.bridge.dispatch({ type: 'START' });
    expect((await next((v) => v.inactivityWarningSeconds !== null)).inactivityWarningSeconds).toBe(
      60,
    );
    // The wall clock has barely moved; the kiosk's clock says 30.5 s went by.
    advance(30_500);
    await next((v) => v.inactivityWarningSeconds === 30);
    advance(29_000);
    await next((v) => v.inactivityWarningSeconds === 1);
    for (const view of views) expect(KioskViewSchema.safeParse(view).success).toBe(true);
  });

  it('offers the registered flows on the menu and hands the flow the branch configuration', async () => {
    const { host, next } = startHost();
    expect(host.bridge.view()).toMatchObject({ screen: 'attract', branchName: '东城支行' });
    host.bridge.dispatch({ type: 'START' });
    expect(await next((v) => v.screen === 'menu')).toMatchObject({
      entries: [{ flow: 'ticket', label: 'menu.takeTicket' }],
    });
    host.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    const choose = await next((v) => v.screen === 'chooseBusinessType');
    expect(choose).toMatchObject({
      businessTypes: [{ id: 'personal', prefix: 'A', name: '个人业务' }],
      prompt: { key: 'chooseBusinessType.title' },
      notice: null,
    });
  });

  it('says the printer is down before the customer chooses, and takes it back when it recovers', async () => {
    const { host, next, views } = startHost();
    host.bridge.dispatch({ type: 'START' });
    host.devicesChanged({ printer: 'paperOut' });
    const menu = await next((v) => v.screen === 'menu' && v.notice !== null);
    expect(menu.notice).toEqual({ key: 'notice.printerDown', params: { reason: '缺纸' } });
    host.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    await next((v) => v.screen === 'chooseBusinessType' && v.notice?.key === 'notice.printerDown');
    host.devicesChanged({ printer: null });
    await next((v) => v.screen === 'chooseBusinessType' && v.notice === null);
    for (const view of views) expect(KioskViewSchema.safeParse(view).success).toBe(true);
  });

  it('counts the longer elder-mode warning down, and publishes the customer settings', async () => {
    const { host, next } = startHost();
    host.bridge.dispatch({ type: 'SET_ELDER', on: true });
    const warned = await next((v) => v.inactivityWarningSeconds !== null);
    // Twice the configured 60 s: the default elder-mode policy.
    expect(warned).toMatchObject({
      inactivityWarningSeconds: 120,
      elder: true,
      voice: { enabled: true, volume: 80, repeat: 0 },
    });
  });

  it('holds nothing of the customer after the inactivity reset, in its snapshot or its view', async () => {
    const { host, next } = startHost(40);
    host.bridge.dispatch({ type: 'SET_LANGUAGE', language: 'en' });
    host.bridge.dispatch({ type: 'SET_ELDER', on: true });
    host.bridge.dispatch({ type: 'SET_VOLUME', volume: 40 });
    host.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    await next((v) => v.screen === 'chooseBusinessType');
    expect(host.snapshot()).toMatchObject({
      children: { flow: { snapshot: { status: 'active' } } },
    });
    // Elder mode's timeouts (twice 30 ms and 40 ms) run out on the wall clock.
    await vi.waitFor(() => expect(host.bridge.view().screen).toBe('attract'), { timeout: 5_000 });
    expect(host.snapshot()).toMatchObject({
      value: 'attract',
      children: {},
      context: { language: 'zh-CN', elder: false, activeFlow: null, flowParams: null },
    });
    expect(host.bridge.view()).toMatchObject({
      screen: 'attract',
      language: 'zh-CN',
      elder: false,
      voice: { enabled: false, volume: 80, repeat: 0 },
    });
  });

  it("shows the branch's announcements on the attract screen in the session language", async () => {
    const { host, next } = startHost();
    expect(host.bridge.view()).toMatchObject({ screen: 'attract', announcements: [] });
    host.configUpdated({
      ...branch,
      announcements: [{ 'zh-CN': '周六照常营业', en: 'Open on Saturday' }],
    });
    const shown = await next((v) => v.screen === 'attract' && v.announcements.length > 0);
    expect(shown).toMatchObject({ announcements: ['周六照常营业'] });
  });
});
