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

  it('kills a browser that ignores SIGTERM instead of hanging the host', async () => {
    const supervisor = superviseBrowser({
      binary: '/bin/sh',
      args: ['-c', "trap '' TERM; sleep 30"],
      log: () => {},
      stopGraceMs: 200,
    });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await supervisor.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops at once when the browser never started', async () => {
    const supervisor = superviseBrowser({
      binary: '/nonexistent/chromium',
      args: [],
      log: () => {},
    });
    await supervisor.stop(); // would wait forever for an 'exit' that never comes
    expect(supervisor.launches).toBe(1);
  });

  it('names a hand-off to a leftover browser instead of calling it a crash', async () => {
    const logs: string[] = [];
    const supervisor = superviseBrowser({
      binary: '/bin/sh',
      args: ['-c', 'exit 0'],
      log: (m) => logs.push(m),
      baseDelayMs: 10,
    });
    await until(() => logs.length > 0);
    await supervisor.stop();
    expect(logs[0]).toMatch(/another browser holds the profile/);
  });
});
