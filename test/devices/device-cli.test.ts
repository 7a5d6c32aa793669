/**
 * The technician CLI (`npm run device`) exactly as a technician runs it: the compiled
 * dist/main/device-cli.js in a child process, on one end of a real pseudo-terminal pair (socat)
 * through the real serialport binding, with the virtual printer or the virtual ID reader on the
 * other end. Asserts the exit status, what the technician reads, and what reached the device.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  TEST_PAGE_CHINESE_TEXT,
  TEST_PAGE_QR_PAYLOAD,
  testPageRuler,
} from '../../devices/printer/test-page.js';
import { LONG_TERM_CARD, RESIDENT_CARD } from '../../devices/sim/virtual-id-reader-cards.js';
import { VirtualIdReader } from '../../devices/sim/virtual-id-reader.js';
import { VirtualPrinter } from '../../devices/sim/virtual-printer.js';
import { openPtyPair } from '../../devices/transport/pty.js';
import type { PtyPair } from '../../devices/transport/pty.js';
import { SerialTransport } from '../../devices/transport/serial-transport.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/main/device-cli.js');
/** The sources the compiled CLI is built from: a build older than any of them is stale. */
const SOURCES = [
  'main',
  'main/device-cli',
  'devices/printer',
  'devices/idcard',
  'devices/transport',
  'src/i18n/technician',
];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the compiled CLI; resolves with its exit status and output, whatever they are. */
function device(...args: string[]): Promise<Run> {
  return run(process.execPath, [CLI, ...args]);
}

function run(file: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The access-denied test runs the CLI as another user, which only root may do (runuser). Not
 * root: skipped, because an unprivileged test user cannot make a port it may not open and still
 * hand it to another user, and running as itself it would open its own pty.
 */
const RUNUSER = '/usr/sbin/runuser';
const CAN_SWITCH_USER = process.getuid?.() === 0 && existsSync(RUNUSER);

/** A failure as the issue asks: one sentence (one line), no stack trace. */
function expectOneSentence(run: Run): void {
  expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s*at .*:\d+:\d+\)?$/m);
}

beforeAll(() => {
  expect(existsSync(CLI), 'run `npx tsc -p tsconfig.host.json` (or `npm run build`) first').toBe(
    true,
  );
  const newestSource = SOURCES.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => statSync(path.join(ROOT, dir, file)).mtimeMs),
  ).reduce((a, b) => Math.max(a, b), 0);
  // The CLI runs dist/: a build older than its sources would test yesterday's code.
  expect(
    statSync(CLI).mtimeMs,
    `${CLI} is older than its sources: run \`npx tsc -p tsconfig.host.json\` first`,
  ).toBeGreaterThanOrEqual(newestSource);
});

describe('device CLI without a device', () => {
  it('--help lists the commands; exit 0', async () => {
    const run = await device('--help');
    expect(run.code).toBe(0);
    for (const command of ['list', 'status', 'print-test', 'read-card', '--baud', '--lang']) {
      expect(run.stdout).toContain(command);
    }
  });

  it('list runs and exits 0', async () => {
    const run = await device('list');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).not.toBe('');
  });

  it('a port path that does not exist: exit 1, one sentence naming the path', async () => {
    const missing = '/dev/ttyUSB-no-such-adapter';
    const run = await device('status', '--port', missing);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(missing);
    expect(run.stderr).toMatch(/does not exist/);
    expectOneSentence(run);
  });

  it('wrong usage: exit 2 and what to run instead', async () => {
    const run = await device('print-test');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs --port/);
    expect(run.stderr).toContain('--help');
    expectOneSentence(run);
  });

  it('a baud rate no device uses: exit 2 before touching the port', async () => {
    const run = await device('read-card', '--port', '/dev/ttyUSB0', '--baud', '12345');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--baud must be one of .*9600.*115200/);
    expectOneSentence(run);
  });

  it.skipIf(!CAN_SWITCH_USER)(
    'a port the user may not open (root-only 0600, user not in dialout): exit 1, one sentence naming permissions and the dialout group (needs root for runuser; skipped otherwise)',
    async () => {
      const pair = await openPtyPair();
      try {
        // The device node as udev leaves it without a rule for the kiosk's user.
        chownSync(pair.b, 0, 0);
        chmodSync(pair.b, 0o600);
        const denied = await run(RUNUSER, [
          '-u',
          'nobody',
          '--',
          process.execPath,
          CLI,
          'status',
          '--port',
          pair.b,
        ]);
        expect(denied.code, denied.stderr).toBe(1);
        expect(denied.stdout).toBe('');
        expect(denied.stderr).toContain(pair.b);
        expect(denied.stderr).toMatch(/No permission to open serial port/);
        expect(denied.stderr).toMatch(/dialout/);
        expectOneSentence(denied);
        // The same port as root opens: it was the permission, not the port.
        expect((await device('status', '--port', pair.b)).stderr).not.toMatch(/permission/i);
      } finally {
        await pair.close();
      }
    },
  );

  it('--lang zh-CN: the sentences in Chinese', async () => {
    const run = await device('status', '--lang', 'zh-CN');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^用法错误：/);
  });
});

describe('device CLI against the virtual printer over a pty', () => {
  let pair: PtyPair;
  let printer: VirtualPrinter;

  beforeEach(async () => {
    pair = await openPtyPair();
    printer = new VirtualPrinter(new SerialTransport({ path: pair.a, baudRate: 9600 }));
    await printer.open();
  });

  afterEach(async () => {
    await printer?.close().catch(() => undefined);
    await pair?.close();
  });

  it('status: the printer answers and is ready; exit 0', async () => {
    const run = await device('status', '--port', pair.b, '--baud', '9600');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Printer on serial ${pair.b} @ 9600: device online, paper full, cover closed, cutter ok.`,
    );
    expect(run.stderr).toBe('');
    expect(printer.statusRequestsAnswered).toBeGreaterThanOrEqual(4);
  });

  it('print-test: the test page arrives with its Chinese line, ruler, sizes, QR code and cut', async () => {
    const run = await device('print-test', '--port', pair.b, '--baud', '9600');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/printed the test page and confirmed it/);

    const page = await printer.waitForReceipt((r) => r.qrCodes.length > 0, 5000);
    const texts = page.lines.map((line) => line.text);
    expect(texts).toContain(TEST_PAGE_CHINESE_TEXT);
    expect(texts).toContain('打印机测试页');
    expect(texts).toContain(testPageRuler(48));
    expect(testPageRuler(48)).toHaveLength(48);
    expect(page.qrCodes).toEqual([TEST_PAGE_QR_PAYLOAD]);
    for (const factor of [1, 2, 3, 4]) {
      expect(page.lines).toContainEqual(
        expect.objectContaining({ text: `${factor}x 字`, width: factor, height: factor }),
      );
    }
    expect(page.cut).toBe('partial');
    expect(printer.receiptsPrinted).toBe(1);
  });

  it('print-test with the paper out: exit 1, says paper, nothing printed', async () => {
    printer.setPaper('out');
    const run = await device('print-test', '--port', pair.b, '--baud', '9600');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/out of paper/);
    expect(run.stderr).toMatch(/Load a new roll/);
    // Nothing of the page was sent: loading paper releases what the printer holds, and no page
    // comes out.
    printer.setPaper('full');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(printer.receiptsPrinted).toBe(0);
  });

  it('a port another program holds: exit 1, says it is in use and how to find who', async () => {
    const holder = new SerialTransport({ path: pair.b, baudRate: 9600 });
    await holder.open();
    try {
      const run = await device('print-test', '--port', pair.b, '--baud', '9600');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/in use by another program/);
      expect(run.stderr).toContain(`fuser ${pair.b}`);
      expectOneSentence(run);
      expect(printer.receiptsPrinted).toBe(0);
    } finally {
      await holder.close();
    }
  });

  it('status of a silent printer (wrong baud, cable, power): exit 1, says check baud and cable', async () => {
    printer.setSilent(true);
    const run = await device('status', '--port', pair.b, '--baud', '9600');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/did not answer/);
    expect(run.stderr).toMatch(/cable/);
    expect(run.stderr).toMatch(/--baud 9600/);
    expectOneSentence(run);
  });
});

describe('device CLI against the virtual ID reader over a pty', () => {
  let pair: PtyPair;
  let reader: VirtualIdReader;

  beforeEach(async () => {
    pair = await openPtyPair();
    reader = new VirtualIdReader(new SerialTransport({ path: pair.a, baudRate: 115200 }));
    await reader.open();
  });

  afterEach(async () => {
    await reader?.close().catch(() => undefined);
    await pair?.close();
  });

  it('read-card prints the identity masked: never the full ID number, name, address or photo', async () => {
    reader.placeCard(RESIDENT_CARD);
    const run = await device('read-card', '--port', pair.b);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('card type: residentId');
    expect(run.stdout).toContain('ID number: 1101**********7870');
    expect(run.stdout).toContain('name: 王*');
    expect(run.stdout).toContain('sex: male');
    expect(run.stdout).toContain('nation: 汉');
    expect(run.stdout).toContain('birth date: 1990-03-07');
    expect(run.stdout).toContain('valid: 2015-03-10 to 2035-03-10');
    const everything = run.stdout + run.stderr;
    expect(everything).not.toContain('110101199003077870');
    expect(everything).not.toContain('𠀀');
    expect(everything).not.toContain('景山前街');
    expect(reader.commands()).toEqual(['findCard', 'selectCard', 'readText']);
  });

  it('read-card in Chinese, a long-term card', async () => {
    reader.placeCard(LONG_TERM_CARD);
    const run = await device('read-card', '--port', pair.b, '--lang', 'zh-CN');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/身份信息已脱敏/);
    expect(run.stdout).toMatch(/有效期限：\d{4}-\d{2}-\d{2} 至 长期/);
  });

  it('read-card with no card: exit 1, says place the card', async () => {
    const run = await device('read-card', '--port', pair.b);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/No card/);
    expect(run.stderr).toMatch(/place the ID card/);
    expectOneSentence(run);
  });

  it('read-card from a silent reader (wrong baud, cable): exit 1, says check baud and cable', async () => {
    reader.placeCard(RESIDENT_CARD);
    reader.setFault('silence');
    const run = await device('read-card', '--port', pair.b, '--baud', '9600');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/did not answer/);
    expect(run.stderr).toMatch(/cable/);
    expect(run.stderr).toMatch(/baud rate/);
    expectOneSentence(run);
  });

  it('status --device idcard: SAM ready, its id, whether a card is on; exit 0', async () => {
    reader.placeCard(RESIDENT_CARD);
    const run = await device('status', '--device', 'idcard', '--port', pair.b);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `ID card reader on serial ${pair.b} @ 115200: device online, SAM ok (id 0500010020150310123456789ABCDEF0), card present.`,
    );
    expect(reader.commands()).toEqual(['samStatus', 'samId', 'findCard']);
  });

  it('status --device idcard with a failed SAM: exit 1, says call the vendor', async () => {
    reader.setFault('samFailure');
    const run = await device('status', '--device', 'idcard', '--port', pair.b);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/SAM/);
    expect(run.stderr).toMatch(/vendor/);
    expectOneSentence(run);
  });
});
