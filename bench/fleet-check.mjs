// The fleet's numbering checks (bench/fleet.mjs): what the kiosks were answered, and what each
// branch database holds. A number is a branch + queue + day + sequence: no two answers and no two
// leased blocks may share one, and no online number may fall inside a leased block.

/**
 * numbers: [branch, queue, sequence, ticketId] as answered; leases: [branch, queue, first, last].
 * All on one service day.
 */
export function checkFleetNumbers(numbers, leases) {
  const keys = new Set(
    numbers.map(([branch, queue, sequence]) => `${branch}/${queue}/${sequence}`),
  );
  const blocks = new Map();
  for (const [branch, queue, first, last] of leases) {
    const key = `${branch}/${queue}`;
    if (!blocks.has(key)) blocks.set(key, []);
    blocks.get(key).push([first, last]);
  }
  let leaseOverlaps = 0;
  for (const list of blocks.values()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) if (list[i][0] <= list[i - 1][1]) leaseOverlaps += 1;
  }
  const numbersInLeases = numbers.filter(([branch, queue, sequence]) =>
    (blocks.get(`${branch}/${queue}`) ?? []).some(
      ([first, last]) => sequence >= first && sequence <= last,
    ),
  ).length;
  const duplicateNumbers = numbers.length - keys.size;
  return {
    answered: numbers.length,
    leases: leases.length,
    duplicateNumbers,
    leaseOverlaps,
    numbersInLeases,
    duplicates: duplicateNumbers + leaseOverlaps + numbersInLeases,
  };
}

const BRANCH_SQL = (s) => `SELECT
  (SELECT count(*)::int FROM ${s}.number_allocations WHERE service_day = $1) AS allocations,
  (SELECT count(*)::int FROM (SELECT 1 FROM ${s}.number_allocations WHERE service_day = $1
     GROUP BY business_type_id, sequence HAVING count(*) > 1) d) AS duplicate_allocations,
  (SELECT count(*)::int FROM ${s}.number_leases WHERE service_day = $1) AS leases,
  (SELECT count(*)::int FROM ${s}.number_leases a JOIN ${s}.number_leases b
     ON a.service_day = b.service_day AND a.business_type_id = b.business_type_id
     AND a.request_id < b.request_id AND a.first_sequence <= b.last_sequence
     AND b.first_sequence <= a.last_sequence WHERE a.service_day = $1) AS lease_overlaps,
  (SELECT count(*)::int FROM ${s}.number_allocations n JOIN ${s}.number_leases l
     ON n.service_day = l.service_day AND n.business_type_id = l.business_type_id
     AND n.sequence BETWEEN l.first_sequence AND l.last_sequence
     WHERE n.service_day = $1) AS allocations_in_leases,
  (SELECT count(*)::int FROM ${s}.queue_entries WHERE service_day = $1) AS entries,
  (SELECT count(*)::int FROM (SELECT 1 FROM ${s}.queue_entries WHERE service_day = $1
     GROUP BY business_type_id, number HAVING count(*) > 1) d) AS duplicate_entries,
  (SELECT count(*)::int FROM ${s}.kiosk_items) AS items,
  (SELECT count(*)::int FROM jsonb_to_recordset($2::jsonb) AS x(t uuid, q text, s int)
     JOIN ${s}.number_allocations a ON a.ticket_id = x.t AND a.business_type_id = x.q
     AND a.sequence = x.s AND a.service_day = $1) AS answers_held,
  (SELECT count(*)::int FROM jsonb_to_recordset($3::jsonb) AS x(q text, f int, l int)
     JOIN ${s}.number_leases n ON n.business_type_id = x.q AND n.first_sequence = x.f
     AND n.last_sequence = x.l AND n.service_day = $1) AS leases_held,
  (SELECT count(*)::int FROM ${s}.tickets) AS tickets,
  (SELECT count(*)::int FROM ${s}.tickets t JOIN ${s}.number_allocations a
     ON a.ticket_id = t.id AND a.number = t.number AND a.kiosk_id = t.kiosk_id) AS tickets_as_allocated`;

/**
 * Each branch database against what its kiosks were answered: every answer is held as answered
 * (a request that timed out may still have been allocated, so the database may hold more, never
 * fewer), numbers are unique per queue and day, leases disjoint and apart from online numbers,
 * one queue entry per allocation, every ticket carries its allocated number. Totals and
 * mismatches.
 */
export async function checkFleetDatabases(client, schemas, serviceDay, answered) {
  const byBranch = new Map(schemas.map((s) => [s, { numbers: [], leases: [] }]));
  for (const [branch, q, s, t] of answered.numbers) byBranch.get(branch).numbers.push({ t, q, s });
  for (const [branch, q, f, l] of answered.leases) byBranch.get(branch).leases.push({ q, f, l });
  const totals = {
    allocations: 0,
    answersHeld: 0,
    duplicateAllocations: 0,
    leases: 0,
    leasesHeld: 0,
    leaseOverlaps: 0,
    allocationsInLeases: 0,
    queueEntries: 0,
    duplicateQueueEntries: 0,
    items: 0,
    tickets: 0,
    ticketsAsAllocated: 0,
  };
  const mismatches = [];
  for (const schema of schemas) {
    const want = byBranch.get(schema);
    const {
      rows: [r],
    } = await client.query(BRANCH_SQL(schema), [
      serviceDay,
      JSON.stringify(want.numbers),
      JSON.stringify(want.leases),
    ]);
    totals.allocations += r.allocations;
    totals.answersHeld += r.answers_held;
    totals.duplicateAllocations += r.duplicate_allocations;
    totals.leases += r.leases;
    totals.leasesHeld += r.leases_held;
    totals.leaseOverlaps += r.lease_overlaps;
    totals.allocationsInLeases += r.allocations_in_leases;
    totals.queueEntries += r.entries;
    totals.duplicateQueueEntries += r.duplicate_entries;
    totals.items += r.items;
    totals.tickets += r.tickets;
    totals.ticketsAsAllocated += r.tickets_as_allocated;
    if (r.answers_held !== want.numbers.length) {
      mismatches.push(`${schema}: ${r.answers_held} of ${want.numbers.length} answers held`);
    }
    if (r.leases_held !== want.leases.length) {
      mismatches.push(`${schema}: ${r.leases_held} of ${want.leases.length} leases held`);
    }
    if (r.entries !== r.allocations) {
      mismatches.push(`${schema}: ${r.entries} queue entries for ${r.allocations} allocations`);
    }
  }
  if (totals.items < answered.itemsAcked) {
    mismatches.push(`${totals.items} items held, ${answered.itemsAcked} acknowledged`);
  }
  if (totals.ticketsAsAllocated !== totals.tickets) {
    mismatches.push(`${totals.ticketsAsAllocated} of ${totals.tickets} tickets carry their number`);
  }
  const duplicates =
    totals.duplicateAllocations +
    totals.leaseOverlaps +
    totals.allocationsInLeases +
    totals.duplicateQueueEntries;
  return { ...totals, duplicates, mismatches };
}
