// CLI entry of a lobby guide's desk: `npm run guide-desk -- --help` (see ./guide-desk/run.ts).
import { runGuideDeskCli } from './guide-desk/run.js';

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
const code = await runGuideDeskCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  signal: stop.signal,
});
process.exit(code);
