// CLI: the `guide.pinHash` configuration value for a branch's staff PIN. The PIN is read from
// standard input (never an argument: it would show in the process list and the shell history):
//   printf '%s' 7391 | node dist/main/guide-pin-cli.js
import { text } from 'node:stream/consumers';
import { pinHashFor } from '../src/staff-pin.js';

const made = pinHashFor((await text(process.stdin)).trim());
if (made.ok) {
  process.stdout.write(`${JSON.stringify({ guide: { pinHash: made.hash } })}\n`);
} else {
  process.stderr.write(`${made.reason}\n`);
  process.exitCode = 1;
}
