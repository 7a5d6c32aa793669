// A/B of the drain's per-item CPU against a baseline build, in one process, old and new
// alternating, paired medians (the way to judge a change on a shared, loaded machine; the
// absolute figures are noise there). Not part of `npm run bench`.
//
//   base=$(mktemp -d) && trap 'rm -rf "$base"' EXIT &&
//   git archive <baseline> | tar -x -C "$base" && ln -s "$PWD/node_modules" "$base/" &&
//   (cd "$base" && npx tsc -p tsconfig.host.json) && npm run build &&
//   node bench/drain-ab.mjs --old="$base/dist" [--rounds=61]
//
// - service checkOutboxItem: the contract's check of each item of a 500-item batch;
// - kiosk body: wire items + the batch body as bytes, JSON.stringify of the plain wire items
//   (before) against the store's item texts joined (batch-body.ts);
// - route: POST /v1/batches of 500 fresh ticket.issued items to each build's branch service
//   (PGlite, both in this process): the whole process's CPU per item.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { commitTicket } from './outbox.mjs';
import { createScope } from './scope.mjs';

const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const OLD = arg('old');
if (OLD === undefined) throw new Error('usage: node bench/drain-ab.mjs --old=<baseline dist>');
const NEW = resolve('dist');
const ROUNDS = Number(arg('rounds', '61'));
const N = 500;
const KIOSK = 'kiosk-ab';
const TOKEN = 'bench-token';

const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs old and new alternately; prints µs per item and the paired median ratio new/old. */
async function ab(name, old, neu) {
  for (let w = 0; w < 3; w++) {
    await old();
    await neu();
  }
  const o = [];
  const n = [];
  const ratios = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = {};
    for (const [k, f] of r % 2 === 0
      ? [
          ['o', old],
          ['n', neu],
        ]
      : [
          ['n', neu],
          ['o', old],
        ]) {
      const start = cpu();
      await f();
      t[k] = (cpu() - start) / N;
    }
    o.push(t.o);
    n.push(t.n);
    ratios.push(t.n / t.o);
  }
  console.log(
    `${name}: old ${median(o).toFixed(2)} µs/item, new ${median(n).toFixed(2)} µs/item, ` +
      `paired median new/old ${median(ratios).toFixed(3)}`,
  );
}

const oldSync = await import(`${OLD}/src/contract/sync.js`);
const newSync = await import(`${NEW}/src/contract/sync.js`);
const { batchRequestBody, OutboxWireItem } = await import(`${NEW}/src/sync/batch-body.js`);
const { openStore } = await import(`${NEW}/src/store/index.js`);

// The kiosk's store in a temp folder, closed and removed also when this fails (bench/scope.mjs).
const storeScope = createScope('drain-ab store');
let sink = 0;
try {
  const store = openStore({ dataDir: storeScope.tempDir('drain-ab'), kioskId: KIOSK });
  storeScope.add('close the store', () => store.close());
  for (let i = 0; i < N; i++) commitTicket(store);
  const items = store.nextOutboxBatch({ maxItems: N, maxBytes: 1e9 });
  const plain = (i) => ({
    id: i.id,
    seq: i.seq,
    kioskId: i.kioskId,
    kind: i.kind,
    createdAt: i.createdAt,
    payload: i.payload,
  });
  const received = JSON.parse(JSON.stringify({ kioskId: KIOSK, items: items.map(plain) })).items;

  await ab(
    'service checkOutboxItem',
    () => received.forEach((r) => (sink += oldSync.checkOutboxItem(r, KIOSK).ok ? 1 : 0)),
    () => received.forEach((r) => (sink += newSync.checkOutboxItem(r, KIOSK).ok ? 1 : 0)),
  );
  await ab(
    'kiosk wire items + body bytes',
    () => (sink += Buffer.from(JSON.stringify({ kioskId: KIOSK, items: items.map(plain) })).length),
    () => {
      const wire = items.map((i) => new OutboxWireItem(i));
      sink += Buffer.from(batchRequestBody({ kioskId: KIOSK, items: wire })).length;
    },
  );
} finally {
  await storeScope.close();
}

const services = {};
for (const [k, dir] of [
  ['old', OLD],
  ['new', NEW],
]) {
  const { startBranchService, silentLogger } = await import(`${dir}/branch-service/server.js`);
  services[k] = await startBranchService({
    port: 0,
    database: { kind: 'pglite' },
    kiosks: { [KIOSK]: TOKEN },
    logger: silentLogger,
  });
}
let seq = 1;
const day = new Date().toISOString().slice(0, 10);
function body() {
  const batch = [];
  for (let i = 0; i < N; i++, seq++) {
    const at = new Date().toISOString();
    const payload = {
      id: randomUUID(),
      number: `A${String((seq % 9999) + 1).padStart(4, '0')}`,
      businessTypeId: 'personal',
      status: 'issued',
      delivery: 'printed',
      waitingAhead: 0,
      reservedAt: at,
      issuedAt: at,
      kioskId: KIOSK,
      issuedOffline: true,
      serviceDay: day,
    };
    batch.push({
      id: randomUUID(),
      seq,
      kioskId: KIOSK,
      kind: 'ticket.issued',
      createdAt: at,
      payload,
    });
  }
  return JSON.stringify({ kioskId: KIOSK, items: batch });
}
const post = (k) => {
  const text = body();
  return async () => {
    const res = await fetch(`${services[k].url.replace(/\/$/, '')}/v1/batches`, {
      method: 'POST',
      body: text,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${TOKEN}`,
        'x-kiosk-id': KIOSK,
      },
    });
    const answer = await res.json();
    if (res.status !== 200 || answer.accepted.length !== N) {
      throw new Error(`${k}: ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
    }
  };
};
// Each call posts a fresh batch, all built before any CPU is counted.
const fresh = (k) => {
  const calls = Array.from({ length: ROUNDS + 3 }, () => post(k));
  return () => calls.shift()();
};
try {
  await ab('route POST /v1/batches (PGlite)', fresh('old'), fresh('new'));
} finally {
  for (const s of Object.values(services)) await s.close();
}
if (sink === 0) console.log('(nothing measured)');
