import { describe, expect, it } from 'vitest';
import { superviseBrowser } from '../../main/browser-supervisor.js';

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe('browser supervisor', () => {
  it('relaunches a browser that exits, with a growing delay, and stops cleanly', async () => {
    const logs: string[] = [];
    const supervisor = superviseBrowser({
      binary: '/bin/sh',
      args: ['-c', 'exit 3'],
      log: (m) => logs.push(m),
      baseDelayMs: 10,
      maxDelayMs: 40,
    });
    await until(() => supervisor.launches >= 4);
    expect(supervisor.launches).toBeGreaterThanOrEqual(4);
    expect(logs[0]).toMatch(/exited \(code 3\); restarting it in 0 s/);
    await supervisor.stop();
    const after = supervisor.launches;
    await new Promise((r) => setTimeout(r, 100));
    expect(supervisor.launches).toBe(after);
  });

  it('survives a browser that cannot start at all', async () => {
    const logs: string[] = [];
    const supervisor = superviseBrowser({
      binary: '/nonexistent/chromium',
      args: [],
      log: (m) => logs.push(m),
      baseDelayMs: 10,
    });
    await until(() => supervisor.launches >= 2);
    expect(logs[0]).toMatch(
      /cannot start \/nonexistent\/chromium \(spawn \/nonexistent\/chromium ENOENT\)/,
    );
    await supervisor.stop();
  });

  it('stops a running browser', async () => {
    const supervisor = superviseBrowser({ binary: '/bin/sleep', args: ['30'], log: () => {} });
    await new Promise((r) => setTimeout(r, 50));
    await supervisor.stop();
    expect(supervisor.launches).toBe(1);
  });
});
