// One process of simulated kiosks (bench/fleet.mjs): argv[2] is a JSON job { urls, kiosks,
// token, perKiosk, businessTypes, serviceDay }. Every kiosk asks its instance (kiosk index mod
// the number of instances) for `perKiosk` numbers, one after the other, all kiosks at once.
// Prints one JSON line: every answer's queue and number, and each request's latency in ms.
import { BranchServiceClient } from '../dist/src/sync/index.js';
import { uuidv7 } from '../dist/src/uuidv7.js';

const job = JSON.parse(process.argv[2]);
const numbers = [];
const latencyMs = [];
const failures = [];
await Promise.all(
  job.kiosks.map(async (kioskId, i) => {
    const client = new BranchServiceClient({
      baseUrl: job.urls[i % job.urls.length],
      kioskId,
      token: job.token,
      timeoutMs: 30_000,
    });
    for (let n = 0; n < job.perKiosk; n++) {
      const businessTypeId = job.businessTypes[(i + n) % job.businessTypes.length];
      const start = performance.now();
      try {
        const answer = await client.allocateNumber(
          { ticketId: uuidv7(), businessTypeId, serviceDay: job.serviceDay },
          30_000,
        );
        latencyMs.push(performance.now() - start);
        numbers.push(`${businessTypeId}/${answer.number}`);
      } catch (error) {
        failures.push(String(error?.message ?? error));
      }
    }
  }),
);
console.log(JSON.stringify({ numbers, latencyMs, failures }));
