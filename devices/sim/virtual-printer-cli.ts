/**
 * Runs the virtual printer on a serial path and prints every receipt as text on stdout.
 *
 *   node dist/devices/sim/virtual-printer-cli.js --pty
 *   node dist/devices/sim/virtual-printer-cli.js --path /dev/pts/4 [--baud 9600]
 *
 * `--pty` creates a socat pseudo-terminal pair itself and tells you which path to give the
 * kiosk. Faults are injected by typing on stdin (see `help`). Messages go to stderr, so stdout
 * holds only receipts.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openPtyPair } from '../transport/pty.js';
import type { PtyPair } from '../transport/pty.js';
import { SerialTransport } from '../transport/serial-transport.js';
import { VirtualPrinter } from './virtual-printer.js';

const HELP = `Commands:
  paper full|low|out     set the paper sensor
  cover open|closed      open or close the cover
  cutter error|ok        make the auto-cutter fail or work
  jam on|off             jam the paper path, or clear the jam
  silent on|off          stop answering anything (unplugged printer) or come back
  status                 show the simulated state
  quit                   stop`;

const { values } = parseArgs({
  options: {
    path: { type: 'string' },
    pty: { type: 'boolean', default: false },
    baud: { type: 'string', default: '9600' },
    columns: { type: 'string', default: '48' },
    'chinese-default': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help || (!values.path && !values.pty)) {
  process.stderr.write(
    'Usage: virtual-printer-cli (--path <serial path> | --pty) [--baud 9600] [--columns 48] ' +
      '[--chinese-default]\n\n' +
      HELP +
      '\n',
  );
  process.exit(values.help ? 0 : 2);
}

const baudRate = Number(values.baud);
const columns = Number(values.columns);
let pty: PtyPair | undefined;
let path = values.path;
if (values.pty) {
  pty = await openPtyPair();
  path = pty.a;
  process.stderr.write(`Virtual printer on ${pty.a}. Set the kiosk printer port to: ${pty.b}\n`);
}
if (path === undefined) throw new Error('unreachable: --path or --pty is required');

const transport = new SerialTransport({ path, baudRate });
const printer = new VirtualPrinter(transport, {
  columns,
  chineseByDefault: values['chinese-default'],
});
try {
  await printer.open();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  await pty?.close();
  process.exit(1);
}
transport.onClose((error) => {
  if (error) process.stderr.write(`${error.message}\n`);
});
printer.onReceipt((receipt) => {
  process.stdout.write(`${printer.renderText(receipt)}\n\n`);
});
process.stderr.write(`Listening on ${transport.description}. Type "help" for fault injection.\n`);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await printer.close().catch(() => undefined);
  await pty?.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

// End of stdin (run detached, `< /dev/null`) only ends fault injection, not the printer.
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const [command, argument] = line.trim().split(/\s+/);
  switch (`${command ?? ''} ${argument ?? ''}`.trim()) {
    case 'paper full':
    case 'paper low':
    case 'paper out':
      printer.setPaper(argument as 'full' | 'low' | 'out');
      break;
    case 'cover open':
    case 'cover closed':
      printer.setCoverOpen(argument === 'open');
      break;
    case 'cutter error':
    case 'cutter ok':
      printer.setCutterError(argument === 'error');
      break;
    case 'jam on':
    case 'jam off':
      printer.setPaperJam(argument === 'on');
      break;
    case 'silent on':
    case 'silent off':
      printer.setSilent(argument === 'on');
      break;
    case 'status':
      break;
    case 'quit':
      void stop();
      return;
    case '':
      return;
    default:
      process.stderr.write(`${HELP}\n`);
      return;
  }
  // Held bytes are a job waiting for the fault to clear: it prints then unless the host clears it.
  process.stderr.write(
    `state: ${JSON.stringify(printer.state)}; held ${printer.heldByteCount} bytes; ` +
      `${printer.receiptsPrinted} receipt(s) printed\n`,
  );
});
