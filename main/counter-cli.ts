// CLI entry of the demo counter: `npm run counter -- --help` (see ./counter/run.ts).
import { runCounterCli } from './counter/run.js';

const code = await runCounterCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exit(code);
