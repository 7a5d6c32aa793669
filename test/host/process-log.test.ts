/**
 * The process logger of start.ts and electron-main.ts (stdout plus `<dataDir>/logs/kiosk.log`),
 * and how a start-up failure is told: one sentence on screen, a stack only in the log file.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { logEvent } from '../../src/log/index.js';
import { StoreError } from '../../src/store/errors.js';
import {
  createProcessLog,
  describeStartFailure,
  reportCrash,
  reportStartFailure,
} from '../../main/process-log.js';
import { tempDir } from '../support/temp-dir.js';

function screen() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, events: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const temp = () => tempDir('kiosk-start');
const STACK_LINE = /\n\s+at /;

describe('process logger', () => {
  it('writes every event to stdout and to <dataDir>/logs/kiosk.log, 0700 and 0600', () => {
    const dataDir = path.join(temp(), 'data');
    const out = screen();
    const log = createProcessLog({ dataDir, kioskId: 'kiosk-07', stdout: out.stream });
    logEvent(log.logger, 'shell.stopping', { signal: 'SIGTERM' });
    log.close();
    expect(log.logFile).toBe(path.join(dataDir, 'logs', 'kiosk.log'));
    expect(out.events()).toEqual([
      expect.objectContaining({ event: 'shell.stopping', signal: 'SIGTERM', kiosk: 'kiosk-07' }),
    ]);
    const fileEvents = readFileSync(log.logFile!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(fileEvents).toEqual(out.events());
    expect(statSync(path.join(dataDir, 'logs')).mode & 0o777).toBe(0o700);
    expect(statSync(log.logFile!).mode & 0o777).toBe(0o600);
  });

  it('goes on on stdout when the data folder is a file, and says so once', () => {
    const parent = temp();
    writeFileSync(path.join(parent, 'data'), 'a file, not a folder');
    const out = screen();
    const log = createProcessLog({ dataDir: path.join(parent, 'data'), stdout: out.stream });
    for (const signal of ['a', 'b', 'c']) logEvent(log.logger, 'shell.stopping', { signal });
    expect(out.events().filter((e) => e.event === 'shell.logFileFailed')).toEqual([
      expect.objectContaining({ file: path.join(parent, 'data', 'logs', 'kiosk.log') }),
    ]);
    expect(out.events().filter((e) => e.event === 'shell.stopping')).toHaveLength(3);
  });
});

describe('start-up failures', () => {
  it('print the sentence of a known failure, with no stack anywhere', () => {
    const out = screen();
    const log = createProcessLog({ dataDir: path.join(temp(), 'data'), stdout: out.stream });
    const stderr: string[] = [];
    const error = new StoreError(
      'OPEN_FAILED',
      'Cannot create the kiosk data folder /srv/kiosk: it is a file. Check the "dataDir" setting.',
    );
    const failure = reportStartFailure(log, error, (l) => stderr.push(l));
    expect(failure).toEqual({ sentence: error.message, unexpected: false });
    expect(stderr).toEqual([`The kiosk cannot start: ${error.message}\n`]);
    expect(out.events()).toEqual([
      expect.objectContaining({
        event: 'shell.startFailed',
        reason: error.message,
        level: 'fatal',
      }),
    ]);
    expect(readFileSync(log.logFile!, 'utf8')).not.toMatch(STACK_LINE);
  });

  it('print one sentence for an unexpected error and keep its stack in the log file only', () => {
    const out = screen();
    const log = createProcessLog({ dataDir: path.join(temp(), 'data'), stdout: out.stream });
    const stderr: string[] = [];
    const error = new TypeError("Cannot read properties of undefined (reading 'port')");
    const failure = reportStartFailure(log, error, (l) => stderr.push(l));
    expect(failure.unexpected).toBe(true);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain("reading 'port'");
    expect(stderr[0]).toContain(log.logFile!);
    expect(stderr[0]).not.toMatch(STACK_LINE);
    expect(JSON.stringify(out.events())).not.toContain('process-log.test.ts');
    const file = readFileSync(log.logFile!, 'utf8');
    const crashed = file
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; err?: { stack: string } })
      .find((e) => e.event === 'shell.crashed');
    expect(crashed?.err?.stack).toMatch(STACK_LINE);
  });

  it('tell an uncaught error while running the same way', () => {
    const out = screen();
    const log = createProcessLog({ dataDir: path.join(temp(), 'data'), stdout: out.stream });
    const stderr: string[] = [];
    reportCrash(log, 'uncaughtException', new RangeError('boom'), (l) => stderr.push(l));
    expect(stderr).toEqual([
      expect.stringMatching(/^The kiosk stopped: Unexpected error \(boom\)/),
    ]);
    expect(out.events()).toEqual([
      expect.objectContaining({ event: 'shell.crashed', kind: 'uncaughtException' }),
    ]);
    expect(out.events()[0]).not.toHaveProperty('err');
    expect(readFileSync(log.logFile!, 'utf8')).toMatch(/RangeError: boom\\n\s+at /);
  });

  it('name the configuration file for a configuration error, before any data folder is known', () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'kiosk.config.json'), '{ "shell": { "port": "eighty" } }');
    let error: unknown;
    try {
      loadConfig({ cwd: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const out = screen();
    const stderr: string[] = [];
    reportStartFailure(createProcessLog({ stdout: out.stream }), error, (l) => stderr.push(l));
    expect(stderr).toEqual([
      expect.stringMatching(
        /^The kiosk cannot start: configuration .*kiosk.config.json: "shell.port"/,
      ),
    ]);
    expect(describeStartFailure(error, null).unexpected).toBe(false);
  });
});
