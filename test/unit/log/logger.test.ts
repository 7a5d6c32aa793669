import { describe, expect, it } from 'vitest';
import { createMemoryLog, logEvent, maskIdentity } from '../../../src/log/index.js';
import { TECHNICIAN_EVENTS, technicianSentence } from '../../../src/i18n/technician.js';

describe('event logs', () => {
  it('logs a catalogue event with its level, fields and the technician sentence', () => {
    const log = createMemoryLog({ base: { kiosk: 'kiosk-07' } });
    logEvent(log.logger, 'kiosk.stopFailed', { part: 'printer', reason: 'port gone' });
    const [line] = log.named('kiosk.stopFailed');
    expect(line).toMatchObject({
      level: 'warn',
      kiosk: 'kiosk-07',
      part: 'printer',
      reason: 'port gone',
      msg: 'While stopping, printer failed: port gone',
    });
  });

  it('speaks the configured language', () => {
    const log = createMemoryLog({ language: 'zh-CN' });
    logEvent(log.logger, 'kiosk.stopFailed', { part: 'printer', reason: 'x' });
    expect(log.events()[0]?.msg).toBe('停止时 printer 出错：x');
  });

  it('masks identity fields at any depth, on every line', () => {
    const log = createMemoryLog();
    log.logger.info({
      event: 'test',
      card: {
        name: '张三丰',
        idNumber: '11010519491231002X',
        address: '北京市东城区景山前街4号',
        photo: 'AAAA',
      },
      holders: [{ phone: '13812345678', name: 'ZHANG San' }],
    });
    const [line] = log.named('test');
    expect(line).toMatchObject({
      card: {
        name: '张**',
        idNumber: '1101**********002X',
        address: '北京市东城区***',
        photo: '[omitted]',
      },
      holders: [{ phone: '138****5678', name: 'Z***' }],
    });
    expect(JSON.stringify(log.events())).not.toContain('11010519491231002X');
  });

  it('leaves values that are not identity fields alone', () => {
    expect(maskIdentity({ ticket: 'A001', count: 3, nested: { reason: 'paperOut' } })).toEqual({
      ticket: 'A001',
      count: 3,
      nested: { reason: 'paperOut' },
    });
  });

  it('has every catalogue sentence in both languages with the same parameters', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [name, spec] of Object.entries(TECHNICIAN_EVENTS)) {
      expect(spec.en.length, name).toBeGreaterThan(0);
      expect(params(spec['zh-CN']), name).toEqual(params(spec.en));
    }
    expect(technicianSentence('en', 'kiosk.stopFailed', { part: 'x' })).toContain('{reason}');
  });
});
