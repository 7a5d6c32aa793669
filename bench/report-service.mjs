// The report's rows for the branch-service benchmarks of issue 7: drain (PGlite and PostgreSQL,
// batched and one request per item), host start → attract, and the ticket day.
const met = (ok) => (ok ? 'met' : 'NOT met');

function drainRows(name, d, targets, row) {
  const worst = Math.min(...d.rounds.map((r) => r.itemsPerSecond));
  row(
    'drain',
    `${name}: backlog of ${d.backlog} → 0, batches`,
    d.rounds.length,
    d.itemsPerSecond.median,
    '',
    'items/s',
    `slowest ${worst}; target ≥ ${targets.itemsPerSecond}: ${met(d.itemsPerSecond.median >= targets.itemsPerSecond)}`,
  );
  if (d.foldMs) {
    row(
      'drain',
      `${name}: the journal's fold of the backlog, before`,
      d.rounds.length,
      d.foldMs.median,
      '',
      'ms',
      `with it counted: ${d.itemsPerSecondWithFold.median} items/s`,
    );
  }
  row(
    'drain',
    `${name}: one request per item (${d.perItem.items})`,
    1,
    d.perItem.itemsPerSecond,
    '',
    'items/s',
    '',
  );
  row(
    'drain',
    `${name}: batched / per item`,
    '',
    d.batchedOverPerItem,
    '',
    '×',
    `target ≥ ${targets.batchedOverPerItem}: ${met(d.batchedOverPerItem >= targets.batchedOverPerItem)}`,
  );
  row(
    'drain',
    `${name}: POST /batches`,
    d.batchMs.n,
    d.batchMs.median,
    d.batchMs.p95,
    'ms',
    `median ${d.batchItems.median} items; ${d.msPerItemInBatch.median} ms per item`,
  );
}

export function serviceRows(results, row) {
  const { drain, startup, ticketDay, fleet } = results;
  if (drain) {
    drainRows('PGlite', drain.pglite, drain.targets, row);
    if (drain.postgres) drainRows('PostgreSQL', drain.postgres, drain.targets, row);
    else row('drain', 'PostgreSQL: not measured', '', '', '', '', drain.postgresError ?? '');
  }
  if (startup) {
    for (const [label, f] of [
      ['fresh data folder', startup.fresh],
      ['restart', startup.restart],
    ]) {
      row(
        'startup',
        `${label}: host start → attract`,
        f.hostStartToAttractMs.n,
        f.hostStartToAttractMs.median,
        f.hostStartToAttractMs.p95,
        'ms',
        `target ≤ ${startup.targetMs}: ${met(f.hostStartToAttractMs.median <= startup.targetMs)}; service up at attract ${f.serviceUpAtAttract}/${f.hostStartToAttractMs.n}`,
      );
      row(
        'startup',
        `${label}: host start → embedded service up`,
        f.hostStartToServiceUpMs.n,
        f.hostStartToServiceUpMs.median,
        f.hostStartToServiceUpMs.p95,
        'ms',
        `process start → attract ${f.processStartToAttractMs.median} ms`,
      );
    }
    if (startup.noTemplate) {
      row(
        'startup',
        'no PGlite template: host start → attract',
        1,
        startup.noTemplate.hostStartToAttractMs,
        '',
        'ms',
        `service up ${startup.noTemplate.hostStartToServiceUpMs} ms (creates + writes the template)`,
      );
    }
  }
  if (ticketDay) {
    row(
      'ticketDay',
      `reserve + issue, first vs last ${ticketDay.window} of ${ticketDay.tickets}`,
      ticketDay.window,
      ticketDay.wallMs.first.median,
      ticketDay.wallMs.last.median,
      'ms',
      'p95 column = last window median',
    );
    row(
      'ticketDay',
      'CPU per ticket, first vs last window',
      ticketDay.window,
      ticketDay.cpuMs.first.median,
      ticketDay.cpuMs.last.median,
      'ms',
      `last / first ${ticketDay.cpuLastOverFirst}`,
    );
    if (ticketDay.foldMs) {
      row(
        'ticketDay',
        'ticket journal fold per ticket (off the path), first vs last',
        ticketDay.window,
        ticketDay.foldMs.first.median,
        ticketDay.foldMs.last.median,
        'ms',
        'p95 column = last window median; one fsync of its own',
      );
    }
    const ratios = ticketDay.ticketOverRawCommit;
    row(
      'ticketDay',
      'reserve + issue / raw commit (paired), first vs last',
      '',
      ratios.first,
      ratios.last,
      '×',
      `whole day ${ratios.day}; target ≤ 2.2: ${met(Math.max(ratios.day, ratios.first, ratios.last) <= 2.2)}`,
    );
  }
  if (fleet) fleetRows(fleet, row);
}

function fleetRows(fleet, row) {
  const target = fleet.targetP99Ms;
  row(
    'fleet',
    `lease: ${fleet.lease.ms.n} blocks of 50 at once`,
    fleet.lease.ms.n,
    fleet.lease.ms.median,
    fleet.lease.ms.p99,
    'ms',
    `p95 column = p99; ${fleet.lease.failed} failed`,
  );
  for (const p of fleet.phases) {
    const load =
      p.mode === 'open'
        ? `${p.name}: a customer every ${p.intervalS[0]}–${p.intervalS[1]} s per kiosk (${p.offeredPerSecond}/s)`
        : `${p.name} loop, ${fleet.kiosks} kiosks back to back`;
    const on = `${p.instances} instance${p.instances === 1 ? '' : 's'}`;
    row(
      'fleet',
      `${load}, ${on}: allocation`,
      p.allocationMs.n,
      p.allocationMs.median,
      p.allocationMs.p99,
      'ms',
      `p95 column = p99; target ≤ ${target}: ${met(p.allocationMs.p99 <= target)}` +
        (p.fromDueMs ? `; p99 from due ${p.fromDueMs.p99} ms` : ''),
    );
    row(
      'fleet',
      `${load}, ${on}: POST /batches`,
      p.batchMs.n,
      p.batchMs.median,
      p.batchMs.p99,
      'ms',
      `p95 column = p99; target ≤ ${target}: ${met(p.batchMs.p99 <= target)}; ` +
        `${p.itemsPerBatch.median} items median`,
    );
    row(
      'fleet',
      `${load}, ${on}: throughput`,
      '',
      p.allocationsPerSecond,
      '',
      'numbers/s',
      `${p.ingestItemsPerSecond} items/s ingested; ${p.failed} failed; load ${p.loadAverage1m.join('→')}`,
    );
  }
  row(
    'fleet',
    'duplicates (answers, leases, databases)',
    fleet.answered,
    fleet.duplicates,
    '',
    '',
    `${fleet.databaseCheck.allocations} allocations, ${fleet.databaseCheck.leases} leases, ` +
      `${fleet.databaseCheck.items} items held; ${fleet.databaseCheck.mismatches.length} mismatches`,
  );
}
