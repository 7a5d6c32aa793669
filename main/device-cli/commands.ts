/**
 * The technician CLI's commands, dispatched from a parsed request (./args.ts): `list` here, the
 * printer's in ./printer.ts, the ID-card reader's in ./idcard.ts. Each resolves with the exit
 * status and never throws: every failure is already one sentence on stderr.
 */
import { SerialPort } from 'serialport';
import type { CliRequest } from './args.js';
import { failureSentence, sayer } from './failures.js';
import { idReaderStatus, readCard } from './idcard.js';
import type { CliOutput, CommandContext, ExitCode } from './io.js';
import { printTestPage, printerStatus } from './printer.js';

export type { CliOutput, ExitCode } from './io.js';

/** What `list` needs of serialport: its port list (tests may pass another). */
export interface PortLister {
  list(): Promise<
    readonly {
      readonly path: string;
      readonly vendorId?: string | undefined;
      readonly productId?: string | undefined;
      readonly manufacturer?: string | undefined;
    }[]
  >;
}

export async function runCli(
  request: CliRequest,
  io: CliOutput,
  ports: PortLister = SerialPort,
): Promise<ExitCode> {
  const context: CommandContext = { say: sayer(request.language), io };
  if (!request.ok) {
    io.err(context.say('cli.usageError', { problem: request.problem }));
    return 2;
  }
  const run = request.run;
  try {
    switch (run.command) {
      case 'help':
        io.out(context.say('cli.help'));
        return 0;
      case 'list':
        return await listPorts(context, ports);
      case 'status':
        return run.device === 'idcard'
          ? await idReaderStatus(context, run)
          : await printerStatus(context, run);
      case 'print-test':
        return await printTestPage(context, run);
      case 'read-card':
        return await readCard(context, run);
    }
  } catch (error) {
    // The commands catch their own failures; this is a fault of the tool itself.
    const where = 'port' in run ? run : { port: '', baud: 0 };
    io.err(failureSentence(context.say, error, where));
    return 1;
  }
}

/** `list`: every serial port with its USB vendor and product ids (`-` when it has none). */
export async function listPorts(context: CommandContext, ports: PortLister): Promise<ExitCode> {
  const { say, io } = context;
  let found;
  try {
    found = await ports.list();
  } catch (error) {
    io.err(
      say('cli.listFailed', { error: error instanceof Error ? error.message : String(error) }),
    );
    return 1;
  }
  if (found.length === 0) io.out(say('cli.noPorts'));
  for (const port of found) {
    io.out(
      say('cli.portListed', {
        path: port.path,
        vendorId: port.vendorId ?? '-',
        productId: port.productId ?? '-',
        manufacturer: port.manufacturer ?? '',
      }).trimEnd(),
    );
  }
  return 0;
}
