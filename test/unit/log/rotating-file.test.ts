import {
  existsSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, createRotatingFile, logEvent } from '../../../src/log/index.js';
import { tempDir } from '../../support/temp-dir.js';

const temp = () => tempDir('kiosk-logs');
const mode = (p: string) => statSync(p).mode & 0o777;

describe('rotating log file', () => {
  it('creates the folder 0700 and the file 0600, and appends lines', () => {
    const dir = path.join(temp(), 'logs');
    const file = createRotatingFile({ dir });
    file.write('one\n');
    file.write('two\n');
    file.close();
    expect(file.file).toBe(path.join(dir, 'kiosk.log'));
    expect(readFileSync(file.file, 'utf8')).toBe('one\ntwo\n');
    expect(mode(dir)).toBe(0o700);
    expect(mode(file.file)).toBe(0o600);
  });

  it('narrows an existing folder and file that others could read', () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'kiosk.log'), 'old\n', { mode: 0o644 });
    const file = createRotatingFile({ dir });
    file.write('new\n');
    file.close();
    expect(readFileSync(file.file, 'utf8')).toBe('old\nnew\n');
    expect(mode(dir)).toBe(0o700);
    expect(mode(file.file)).toBe(0o600);
  });

  it('rotates at the size and keeps N older files, newest first', () => {
    const dir = temp();
    const file = createRotatingFile({ dir, maxBytes: 10, keep: 2 });
    for (const n of [1, 2, 3, 4, 5]) file.write(`line ${n}..\n`); // 9 bytes each: one per file
    file.close();
    expect(readdirSync(dir).sort()).toEqual(['kiosk.log', 'kiosk.log.1', 'kiosk.log.2']);
    expect(readFileSync(path.join(dir, 'kiosk.log'), 'utf8')).toBe('line 5..\n');
    expect(readFileSync(path.join(dir, 'kiosk.log.1'), 'utf8')).toBe('line 4..\n');
    expect(readFileSync(path.join(dir, 'kiosk.log.2'), 'utf8')).toBe('line 3..\n');
    expect(mode(path.join(dir, 'kiosk.log.1'))).toBe(0o600);
  });

  it('keeps writing lines below the size in one file', () => {
    const dir = temp();
    const file = createRotatingFile({ dir, maxBytes: 100, keep: 3 });
    for (let n = 0; n < 10; n++) file.write('123456789\n');
    file.close();
    expect(readdirSync(dir)).toEqual(['kiosk.log']);
    file.write('after close\n');
    expect(readFileSync(file.file, 'utf8')).not.toContain('after close');
  });

  it('on a full disk reports once, never throws, and stdout keeps its lines', () => {
    const dir = temp();
    // A real "no space left on device": the log file is /dev/full.
    symlinkSync('/dev/full', path.join(dir, 'kiosk.log'));
    const errors: string[] = [];
    const file = createRotatingFile({
      dir,
      onError: (error) => errors.push((error as NodeJS.ErrnoException).code ?? error.message),
    });
    const stdout: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        stdout.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({
      destination: pino.multistream([{ stream: sink }, { stream: file }]),
    });
    for (let n = 0; n < 5; n++) {
      expect(() => logEvent(logger, 'shell.stopping', { signal: `SIG${n}` })).not.toThrow();
    }
    expect(stdout).toHaveLength(5);
    expect(errors).toEqual(['ENOSPC']);
    expect(file.dropped).toBe(5);
    // /dev/full keeps its own mode: only a regular file is narrowed.
    expect(mode('/dev/full')).not.toBe(0o600);
    file.close();
  });

  it('reports a folder it cannot create (the data folder is a file) without throwing', () => {
    const parent = temp();
    writeFileSync(path.join(parent, 'data'), 'not a folder');
    const errors: string[] = [];
    const file = createRotatingFile({
      dir: path.join(parent, 'data', 'logs'),
      onError: (error) => errors.push((error as NodeJS.ErrnoException).code ?? ''),
    });
    expect(file.write('a\n')).toBe(true);
    expect(file.write('b\n')).toBe(true);
    expect(errors).toEqual(['ENOTDIR']);
    expect(existsSync(path.join(parent, 'data', 'logs'))).toBe(false);
  });

  it('resumes by itself once the file can be written again', () => {
    const dir = temp();
    const target = path.join(dir, 'kiosk.log');
    const errors: string[] = [];
    const file = createRotatingFile({ dir, onError: () => errors.push('failed') });
    symlinkSync('/dev/full', target);
    file.write('lost\n');
    // Room is made: the link is replaced by a real file.
    writeFileSync(target + '.tmp', '');
    renameSync(target + '.tmp', target);
    file.write('kept\n');
    expect(readFileSync(target, 'utf8')).toBe('kept\n');
    expect(errors).toEqual(['failed']);
    file.close();
  });
});
