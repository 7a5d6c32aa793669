// `npm run branch-service:kiosks -- add|revoke|list [kioskId]`: see ./kiosks-command.ts.
import { runKiosksCommand } from './kiosks-command.js';

runKiosksCommand(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
