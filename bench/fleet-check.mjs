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
  (SELECT count(*)::int FROM ${s}.tickets t JOIN ${s}.number_allocations a
     ON a.ticket_id = t.id AND a.number = t.number AND a.kiosk_id = t.kiosk_id) AS tickets_as_allocated`;

/** Each branch database against what its kiosks were answered; totals and mismatches. */
export async function checkFleetDatabases(client, schemas, serviceDay, answered) {
  const expected = new Map(schemas.map((s) => [s, { allocations: 0, leases: 0 }]));
  for (const [branch] of answered.numbers) expected.get(branch).allocations += 1;
  for (const [branch] of answered.leases) expected.get(branch).leases += 1;
  const totals = {
    allocations: 0,
    duplicateAllocations: 0,
    leases: 0,
    leaseOverlaps: 0,
    allocationsInLeases: 0,
    queueEntries: 0,
    duplicateQueueEntries: 0,
    items: 0,
    ticketsAsAllocated: 0,
  };
  const mismatches = [];
  for (const schema of schemas) {
    const {
      rows: [r],
    } = await client.query(BRANCH_SQL(schema), [serviceDay]);
    totals.allocations += r.allocations;
    totals.duplicateAllocations += r.duplicate_allocations;
    totals.leases += r.leases;
    totals.leaseOverlaps += r.lease_overlaps;
    totals.allocationsInLeases += r.allocations_in_leases;
    totals.queueEntries += r.entries;
    totals.duplicateQueueEntries += r.duplicate_entries;
    totals.items += r.items;
    totals.ticketsAsAllocated += r.tickets_as_allocated;
    const want = expected.get(schema);
    if (r.allocations !== want.allocations) {
      mismatches.push(`${schema}: ${r.allocations} allocations held, ${want.allocations} answered`);
    }
    if (r.leases !== want.leases) {
      mismatches.push(`${schema}: ${r.leases} leases held, ${want.leases} answered`);
    }
    if (r.entries !== r.allocations) {
      mismatches.push(`${schema}: ${r.entries} queue entries for ${r.allocations} allocations`);
    }
  }
  if (totals.items !== answered.itemsAcked) {
    mismatches.push(`${totals.items} items held, ${answered.itemsAcked} acknowledged`);
  }
  if (totals.ticketsAsAllocated !== totals.allocations) {
    mismatches.push(
      `${totals.ticketsAsAllocated} tickets carry their allocated number, of ${totals.allocations}`,
    );
  }
  const duplicates =
    totals.duplicateAllocations +
    totals.leaseOverlaps +
    totals.allocationsInLeases +
    totals.duplicateQueueEntries;
  return { ...totals, duplicates, mismatches };
}
