import { spawn as nodeSpawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { superviseBrowser } from '../../main/browser-supervisor.js';
import { createMemoryLog, type MemoryLog } from '../../src/log/index.js';

const restarts = (log: MemoryLog) => log.named('shell.browserRestarting');

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe('browser supervisor', () => {
  it('relaunches a browser that exits, with a growing delay, and stops cleanly', async () => {
    const log = createMemoryLog();
    const supervisor = superviseBrowser({
      binary: '/bin/sh',
      args: ['-c', 'exit 3'],
      logger: log.logger,
      baseDelayMs: 10,
      maxDelayMs: 40,
    });
    await until(() => supervisor.launches >= 4);
    expect(supervisor.launches).toBeGreaterThanOrEqual(4);
    expect(restarts(log)[0]).toMatchObject({ why: 'exited (code 3)', delaySeconds: 0 });
    await supervisor.stop();
    const after = supervisor.launches;
    await new Promise((r) => setTimeout(r, 100));
    expect(supervisor.launches).toBe(after);
  });

  it('survives a browser that cannot start at all', async () => {
    const log = createMemoryLog();
    const supervisor = superviseBrowser({
      binary: '/nonexistent/chromium',
      args: [],
      logger: log.logger,
      baseDelayMs: 10,
    });
    await until(() => supervisor.launches >= 2);
    expect(restarts(log)[0]!.why).toMatch(
      /cannot start \/nonexistent\/chromium \(spawn \/nonexistent\/chromium ENOENT\)/,
    );
    await supervisor.stop();
  });

  it('stops a running browser', async () => {
    const supervisor = superviseBrowser({
      binary: '/bin/sleep',
      args: ['30'],
      logger: createMemoryLog().logger,
    });
    await new Promise((r) => setTimeout(r, 50));
    await supervisor.stop();
    expect(supervisor.launches).toBe(1);
  });

  it('kills a browser that ignores SIGTERM instead of hanging the host', async () => {
    const supervisor = superviseBrowser({
      binary: '/bin/sh',
      args: ['-c', "trap '' TERM; sleep 30"],
      logger: createMemoryLog().logger,
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
      logger: createMemoryLog().logger,
    });
    await supervisor.stop(); // would wait forever for an 'exit' that never comes
    expect(supervisor.launches).toBe(1);
  });

  it('names a hand-off to a leftover browser instead of calling it a crash', async () => {
    const log = createMemoryLog();
    const supervisor = superviseBrowser({
      binary: '/bin/sh',
      args: ['-c', 'exit 0'],
      logger: log.logger,
      baseDelayMs: 10,
    });
    await until(() => restarts(log).length > 0);
    await supervisor.stop();
    expect(restarts(log)[0]!.why).toMatch(/another browser holds the profile/);
  });

  it('asks for a fresh command line on every launch (a one-time address per browser)', async () => {
    let calls = 0;
    const seen: string[] = [];
    const supervisor = superviseBrowser({
      binary: '/bin/sh',
      args: () => {
        calls++;
        return ['-c', `exit 3`, `launch-${calls}`];
      },
      logger: createMemoryLog().logger,
      spawn: ((binary: string, args: string[], opts: object) => {
        seen.push(args[2]!);
        return nodeSpawn(binary, args, opts);
      }) as typeof nodeSpawn,
      baseDelayMs: 10,
      maxDelayMs: 20,
    });
    await until(() => supervisor.launches >= 3);
    await supervisor.stop();
    expect(seen.slice(0, 3)).toEqual(['launch-1', 'launch-2', 'launch-3']);
  });

  it('restarts the browser on request, with a fresh command line', async () => {
    let calls = 0;
    const log = createMemoryLog();
    const supervisor = superviseBrowser({
      binary: '/bin/sleep',
      args: () => [String(30 + calls++)],
      logger: log.logger,
      baseDelayMs: 10,
    });
    await new Promise((r) => setTimeout(r, 50));
    supervisor.restart();
    await until(() => supervisor.launches >= 2);
    expect(supervisor.launches).toBe(2);
    expect(calls).toBe(2);
    expect(restarts(log)[0]!.why).toMatch(/exited \(SIGTERM\)/);
    await supervisor.stop();
    supervisor.restart(); // after stop: nothing starts again
    await new Promise((r) => setTimeout(r, 50));
    expect(supervisor.launches).toBe(2);
  });

  it('bounds restarts on request: past the budget it holds them and raises one alarm', async () => {
    const log = createMemoryLog();
    const supervisor = superviseBrowser({
      binary: '/bin/sleep',
      args: ['30'],
      logger: log.logger,
      baseDelayMs: 10,
      maxDelayMs: 20,
      restartBudget: { max: 2, windowMs: 60_000, holdMs: 400 },
    });
    const alarms = () => log.named('shell.launchCodeAbuse');
    // Within the budget: each request restarts the browser.
    for (const expected of [2, 3]) {
      await new Promise((r) => setTimeout(r, 30));
      supervisor.restart();
      await until(() => supervisor.launches >= expected);
      expect(supervisor.launches).toBe(expected);
    }
    // Someone replays every new code: no more restarts for the hold, one alarm.
    for (let i = 0; i < 5; i++) supervisor.restart();
    await new Promise((r) => setTimeout(r, 200));
    expect(supervisor.launches).toBe(3);
    expect(alarms()).toEqual([
      expect.objectContaining({ level: 'error', restarts: 2, windowSeconds: 60 }),
    ]);
    // The hold ends with the one restart still owed (the browser has no session).
    await until(() => supervisor.launches >= 4);
    expect(supervisor.launches).toBe(4);
    // The abuse went on during the hold: the alarm stays raised, not logged again.
    supervisor.restart();
    await until(() => supervisor.launches >= 5);
    supervisor.restart();
    await new Promise((r) => setTimeout(r, 100));
    expect(supervisor.launches).toBe(5);
    expect(alarms()).toHaveLength(1);
    await supervisor.stop();
  });

  it('owes no restart after a hold when the browser was launched again meanwhile', async () => {
    let calls = 0;
    const supervisor = superviseBrowser({
      binary: '/bin/sh',
      // The first browser dies by itself during the hold; the next one runs.
      args: () => ['-c', calls++ === 0 ? 'sleep 0.1; exit 3' : 'sleep 30'],
      logger: createMemoryLog().logger,
      baseDelayMs: 10,
      maxDelayMs: 20,
      restartBudget: { max: 0, windowMs: 60_000, holdMs: 300 },
    });
    supervisor.restart(); // over a budget of none: held
    await until(() => supervisor.launches >= 2);
    expect(supervisor.launches).toBe(2);
    // The hold ends (at 300 ms): the relaunched browser already holds a fresh code, so stays.
    await new Promise((r) => setTimeout(r, 500));
    expect(supervisor.launches).toBe(2);
    await supervisor.stop();
  });
});
