/**
 * The technician CLI's command line, parsed into a {@link CliRequest} or a usage problem (in
 * English: it is quoted inside the catalogue's `cli.usageError` sentence). Pure, so it can be
 * tested without a terminal.
 */
import { parseArgs } from 'node:util';
import type { Language } from '../../src/domain/business-type.js';

export type DeviceKind = 'printer' | 'idcard';

/** The baud rate both the kiosk's printer setting and SAM ID readers default to. */
export const DEFAULT_BAUD = 115200;

export type CliCommand =
  | { readonly command: 'help' }
  | { readonly command: 'list' }
  | {
      readonly command: 'status';
      readonly port: string;
      readonly baud: number;
      readonly device: DeviceKind;
    }
  | {
      readonly command: 'print-test';
      readonly port: string;
      readonly baud: number;
      readonly columns: number;
    }
  | { readonly command: 'read-card'; readonly port: string; readonly baud: number };

export type CliRequest = { readonly language: Language } & (
  { readonly ok: true; readonly run: CliCommand } | { readonly ok: false; readonly problem: string }
);

const COMMANDS = ['list', 'status', 'print-test', 'read-card'] as const;
const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

export function parseCliArgs(argv: readonly string[]): CliRequest {
  // The language first, so even a usage problem is told in the language asked for.
  const langAt = argv.indexOf('--lang');
  const langValue =
    langAt >= 0 ? argv[langAt + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7);
  const language: Language = langValue === 'zh-CN' ? 'zh-CN' : 'en';
  const fail = (problem: string): CliRequest => ({ language, ok: false, problem });
  if (langValue !== undefined && langValue !== 'en' && langValue !== 'zh-CN') {
    return fail(`--lang must be en or zh-CN, got "${langValue}"`);
  }

  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        baud: { type: 'string' },
        device: { type: 'string' },
        columns: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true || positionals[0] === 'help') {
    return { language, ok: true, run: { command: 'help' } };
  }
  const [command, ...extra] = positionals;
  if (command === undefined) return fail(`no command given (one of ${COMMANDS.join(', ')})`);
  if (!(COMMANDS as readonly string[]).includes(command)) {
    return fail(`unknown command "${command}" (one of ${COMMANDS.join(', ')})`);
  }
  if (extra.length > 0) return fail(`unexpected "${extra.join(' ')}" after ${command}`);
  if (command === 'list') return { language, ok: true, run: { command: 'list' } };

  const port = values.port;
  if (port === undefined || port.trim() === '') {
    return fail(`${command} needs --port, the serial port path (see \`npm run device -- list\`)`);
  }
  const baud = values.baud === undefined ? DEFAULT_BAUD : Number(values.baud);
  if (!BAUD_RATES.includes(baud)) {
    return fail(`--baud must be one of ${BAUD_RATES.join(', ')}, got "${values.baud ?? ''}"`);
  }
  switch (command) {
    case 'status': {
      const device = values.device ?? 'printer';
      if (device !== 'printer' && device !== 'idcard') {
        return fail(`--device must be printer or idcard, got "${device}"`);
      }
      return { language, ok: true, run: { command, port, baud, device } };
    }
    case 'print-test': {
      const columns = values.columns === undefined ? 48 : Number(values.columns);
      if (!Number.isInteger(columns) || columns < 10 || columns > 96) {
        return fail(`--columns must be a whole number 10..96, got "${values.columns ?? ''}"`);
      }
      return { language, ok: true, run: { command, port, baud, columns } };
    }
    default:
      return { language, ok: true, run: { command: 'read-card', port, baud } };
  }
}
