/**
 * The technician's command line for the kiosk's serial devices (`npm run device -- --help`):
 * list the ports, read a printer's or an ID-card reader's status, print a test page, read an ID
 * card (shown masked). It drives the kiosk's own drivers, so a device that passes here works in
 * the kiosk. Exit status 0 only on success; every failure is one sentence saying what to check.
 * This file only wires the process to ./device-cli/ (parsing, commands, sentences).
 */
import { parseCliArgs } from './device-cli/args.js';
import { runCli } from './device-cli/commands.js';
import type { CliOutput } from './device-cli/commands.js';
import { sayer } from './device-cli/failures.js';

const request = parseCliArgs(process.argv.slice(2));
const io: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

// A fault that escapes a command (a listener throwing later) is still one sentence, never a
// stack trace.
process.on('uncaughtException', (error) => {
  io.err(sayer(request.language)('cli.unexpected', { error: error.message }));
  process.exit(1);
});

const code = await runCli(request, io);
// Exit now: the ports are closed, and a timer left behind must not keep a technician waiting.
process.exit(code);
