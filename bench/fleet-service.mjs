// One branch-service instance of the fleet (bench/fleet.mjs), in its own process so two instances
// are two event loops, as in a deployment. argv[2] is a JSON job { url, branches, provision,
// maxConnections }: for every branch one `startBranchService` on that branch's own database
// (a PostgreSQL schema of the one server, through search_path: the tables of schema.sql without
// any change, as 100 separate branch databases would hold them). The instance that provisions
// stores the branch's kiosk tokens; the other finds them in the database.
// Prints one JSON line { urls: { [branch]: url } } when every branch answers, then serves until
// its stdin closes (the parent ended or asked it to stop), closes everything and exits. A line
// "cpu" on stdin is answered with { cpu: process.cpuUsage() }.
import { openPgDatabase } from '../dist/branch-service/pg-database.js';
import { silentLogger, startBranchService } from '../dist/branch-service/server.js';

const job = JSON.parse(process.argv[2]);
const services = [];
const urls = {};
for (const branch of job.branches) {
  const db = openPgDatabase({
    connection: { connectionString: job.url, options: `-c search_path=${branch.schema}` },
    maxConnections: job.maxConnections,
  });
  const service = await startBranchService({
    port: 0,
    database: { kind: 'external', db },
    kiosks: job.provision ? branch.kiosks : {},
    logger: silentLogger,
  });
  services.push(service);
  urls[branch.id] = service.url;
}
console.log(JSON.stringify({ urls }));

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await Promise.allSettled(services.map((s) => s.close()));
  process.exit(0);
};
// A line "cpu" asks for the CPU time this process has used, in µs (per phase, by difference).
let input = '';
process.stdin.on('data', (chunk) => {
  input += chunk;
  for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n')) {
    if (input.slice(0, i).trim() === 'cpu')
      console.log(JSON.stringify({ cpu: process.cpuUsage() }));
    input = input.slice(i + 1);
  }
});
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
