import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, parseConfig } from '../../../src/config.js';
import { tempDir } from '../../support/temp-dir.js';

/** A branch's own staff PIN hash (a remote branch service refuses the development one). */
const BRANCH_PIN_HASH = `scrypt$00112233445566778899aabbccddeeff$${'ab'.repeat(32)}`;

describe('kiosk configuration', () => {
  it('runs on embedded defaults when no file is present', () => {
    const dir = tempDir('kiosk-config');
    const config = loadConfig({ cwd: dir });
    expect(config).toEqual(defaultConfig(dir));
    expect(config.printer).toEqual({ kind: 'simulated' });
    expect(config.branchService.kind).toBe('embedded');
    expect(config.dataDir).toBe(path.join(dir, '.kiosk-data'));
  });

  it('reads a serial printer and a remote branch service', () => {
    const dir = tempDir('kiosk-config');
    writeFileSync(
      path.join(dir, 'kiosk.config.json'),
      JSON.stringify({
        kioskId: 'kiosk-07',
        kioskToken: 'provisioned',
        guide: { pinHash: BRANCH_PIN_HASH },
        printer: { kind: 'serial', path: '/dev/ttyS1', baudRate: 38400 },
        branchService: { kind: 'remote', url: 'https://branch.example/' },
        dataDir: 'data',
      }),
    );
    const config = loadConfig({ cwd: dir });
    expect(config.printer).toEqual({ kind: 'serial', path: '/dev/ttyS1', baudRate: 38400 });
    expect(config.branchService).toEqual({ kind: 'remote', url: 'https://branch.example/' });
    expect(config.dataDir).toBe(path.join(dir, 'data'));
    expect(config.kioskId).toBe('kiosk-07');
  });

  it("reads what a serial printer's manual says it can do, and refuses it for the simulator", () => {
    const config = parseConfig(
      {
        printer: {
          kind: 'serial',
          path: '/dev/ttyS1',
          baudRate: 9600,
          automaticStatusBack: true,
          qrCode: 'raster',
          paperWidthMm: 58,
        },
      },
      'k.json',
      '/',
    );
    expect(config.printer).toEqual({
      kind: 'serial',
      path: '/dev/ttyS1',
      baudRate: 9600,
      automaticStatusBack: true,
      qrCode: 'raster',
      paperWidthMm: 58,
    });
    expect(() =>
      parseConfig(
        { printer: { kind: 'serial', path: '/dev/ttyS1', qrCode: 'svg' } },
        'k.json',
        '/',
      ),
    ).toThrow(/printer.qrCode.*"native" or "raster"/);
    expect(() =>
      parseConfig(
        { printer: { kind: 'serial', path: '/dev/ttyS1', paperWidthMm: 70 } },
        'k.json',
        '/',
      ),
    ).toThrow(/printer.paperWidthMm.*58 or 80/);
    expect(() =>
      parseConfig({ printer: { kind: 'simulated', automaticStatusBack: true } }, 'k.json', '/'),
    ).toThrow(/printer.automaticStatusBack.*serial printer/);
  });

  it("reads where the ID-card reader is, in both languages, for the customer's screen", () => {
    const placementHint = { 'zh-CN': '读卡区在键盘右侧', en: 'The reader is right of the keypad' };
    expect(
      parseConfig({ idReader: { kind: 'simulated', placementHint } }, 'k.json', '/').idReader,
    ).toEqual({ kind: 'simulated', placementHint });
    expect(
      parseConfig(
        { idReader: { kind: 'serial', path: '/dev/ttyUSB0', placementHint } },
        'k.json',
        '/',
      ).idReader,
    ).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200, placementHint });
    expect(() =>
      parseConfig({ idReader: { placementHint: { 'zh-CN': '屏幕下方' } } }, 'k.json', '/'),
    ).toThrow(/"idReader.placementHint.en" must be a non-empty string of at most 80 characters/);
    expect(() =>
      parseConfig(
        { idReader: { placementHint: { 'zh-CN': '下方', en: 'below', fr: 'dessous' } } },
        'k.json',
        '/',
      ),
    ).toThrow(/unknown setting "idReader.placementHint.fr"/);
    expect(() =>
      parseConfig({ idReader: { placementHint: 'below the screen' } }, 'k.json', '/'),
    ).toThrow(/"idReader.placementHint" must be an object/);
  });

  it('reads the ID-card reader: simulated by default, serial with its path, or none', () => {
    expect(parseConfig({}, 'k.json', '/').idReader).toEqual({ kind: 'simulated' });
    expect(parseConfig({ idReader: { kind: 'none' } }, 'k.json', '/').idReader).toEqual({
      kind: 'none',
    });
    expect(
      parseConfig({ idReader: { kind: 'serial', path: '/dev/ttyUSB0' } }, 'k.json', '/').idReader,
    ).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 });
    expect(() => parseConfig({ idReader: { kind: 'serial' } }, 'k.json', '/')).toThrow(
      /"idReader.path" is required for a serial ID-card reader/,
    );
    expect(() => parseConfig({ idReader: { kind: 'usb' } }, 'k.json', '/')).toThrow(
      /idReader.kind.*"simulated", "serial" or "none"/,
    );
    // A printer is not optional: the ticket flow needs one, even if only simulated.
    expect(() => parseConfig({ printer: { kind: 'none' } }, 'k.json', '/')).toThrow(
      /printer.kind.*"simulated" or "serial"/,
    );
  });

  it('reads how long acknowledged personal data is kept (privacy.purgeAfterMs), a day by default', () => {
    expect(parseConfig({}, 'k.json', '/').privacy).toEqual({ purgeAfterMs: 86_400_000 });
    expect(parseConfig({ privacy: { purgeAfterMs: 3_600_000 } }, 'k.json', '/').privacy).toEqual({
      purgeAfterMs: 3_600_000,
    });
    expect(() => parseConfig({ privacy: { purgeAfterMs: 10 } }, 'k.json', '/')).toThrow(
      /privacy\.purgeAfterMs/,
    );
    expect(() => parseConfig({ privacy: { keepDays: 1 } }, 'k.json', '/')).toThrow(ConfigError);
  });

  it('reads the lease start jitter (sync.leaseStartJitterMs), 0 to 10 min; absent: the default applies', () => {
    expect(parseConfig({}, 'k.json', '/').sync.leaseStartJitterMs).toBeUndefined();
    const set = (value: unknown) =>
      parseConfig({ sync: { leaseStartJitterMs: value } }, 'k.json', '/').sync.leaseStartJitterMs;
    expect(set(0)).toBe(0);
    expect(set(20_000)).toBe(20_000);
    expect(() => set(-1)).toThrow(/sync\.leaseStartJitterMs/);
    expect(() => set(600_001)).toThrow(/sync\.leaseStartJitterMs/);
    expect(() => set('soon')).toThrow(ConfigError);
  });

  it('names the file and the JSON error when the file is garbled', () => {
    const dir = tempDir('kiosk-config');
    const file = path.join(dir, 'kiosk.config.json');
    writeFileSync(file, '{ "kioskId": "k1", ');
    expect(() => loadConfig({ cwd: dir })).toThrow(ConfigError);
    expect(() => loadConfig({ cwd: dir })).toThrow(new RegExp(`${file}.*not valid JSON`));
  });

  it('accepts a file saved with a UTF-8 byte-order mark (Windows Notepad)', () => {
    const dir = tempDir('kiosk-config');
    const file = path.join(dir, 'kiosk.config.json');
    const json = JSON.stringify({ kioskId: 'kiosk-07', shell: { port: 8181 } });
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]));
    const config = loadConfig({ cwd: dir });
    expect(config.kioskId).toBe('kiosk-07');
    expect(config.shell.port).toBe(8181);
    // Only a leading mark is dropped: one anywhere else is still bad JSON, named as such.
    writeFileSync(file, '{ "kioskId": \uFEFF"k" }');
    expect(() => loadConfig({ cwd: dir })).toThrow(/not valid JSON/);
  });

  it('refuses a missing file that was asked for explicitly', () => {
    const dir = tempDir('kiosk-config');
    expect(() => loadConfig({ cwd: dir, file: 'nope.json' })).toThrow(
      /file not found.*KIOSK_CONFIG/,
    );
  });

  it('names an unknown setting (usually a typo) instead of ignoring it', () => {
    expect(() => parseConfig({ printr: {} }, 'k.json', '/')).toThrow(/unknown setting "printr"/);
    expect(() => parseConfig({ printer: { kind: 'serial', pth: 'x' } }, 'k.json', '/')).toThrow(
      /unknown setting "printer.pth"/,
    );
  });

  it('names the field and the expected value for a wrong type', () => {
    expect(() => parseConfig({ printer: { kind: 'serial' } }, 'k.json', '/')).toThrow(
      /"printer.path" is required/,
    );
    expect(() => parseConfig({ shell: { port: 'eighty' } }, 'k.json', '/')).toThrow(
      /"shell.port" must be an integer from 0 to 65535, got "eighty"/,
    );
    expect(() => parseConfig({ defaultLanguage: 'fr' }, 'k.json', '/')).toThrow(/"zh-CN" or "en"/);
    expect(() =>
      parseConfig({ branchService: { kind: 'remote', url: 'nope' } }, 'k.json', '/'),
    ).toThrow(/branchService.url/);
    expect(() => parseConfig([], 'k.json', '/')).toThrow(/must be an object/);
  });

  it('refuses a remote branch service over plain http or without this terminal’s identity', () => {
    const remote = (extra: object, url = 'https://branch.example/') => ({
      kioskId: 'kiosk-07',
      kioskToken: 'provisioned',
      guide: { pinHash: BRANCH_PIN_HASH },
      branchService: { kind: 'remote', url },
      ...extra,
    });
    expect(() => parseConfig(remote({}, 'http://10.0.0.5/'), 'k.json', '/')).toThrow(
      /must use https/,
    );
    expect(
      parseConfig(
        {
          ...remote({}),
          branchService: { kind: 'remote', url: 'http://10.0.0.5/', allowInsecureHttp: true },
        },
        'k.json',
        '/',
      ).branchService,
    ).toEqual({ kind: 'remote', url: 'http://10.0.0.5/' });
    expect(
      parseConfig(remote({}, 'http://127.0.0.1:8787/'), 'k.json', '/').branchService.kind,
    ).toBe('remote');
    const { kioskToken: _t, ...noToken } = remote({});
    expect(() => parseConfig(noToken, 'k.json', '/')).toThrow(/"kioskToken" is required/);
    const { kioskId: _i, ...noId } = remote({});
    expect(() => parseConfig(noId, 'k.json', '/')).toThrow(/"kioskId" is required/);
    // The development identity copied from a test bench is refused too.
    expect(() => parseConfig(remote({ kioskToken: 'dev-token' }), 'k.json', '/')).toThrow(
      /"kioskToken" is required/,
    );
    expect(() => parseConfig(remote({ kioskId: 'kiosk-dev' }), 'k.json', '/')).toThrow(
      /"kioskId" is required/,
    );
  });
});
