// The human-readable table printed at the end of a run (the JSON file holds everything).
import { rendererRows } from './report-renderer.mjs';
import { serviceRows } from './report-service.mjs';
import { table } from './stats.mjs';

const fixed = (x, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : '');

export function report(results) {
  const rows = [];
  const row = (section, measure, n, median, p95, unit, note = '') =>
    rows.push([section, measure, n, median, p95, unit, note]);
  const { printer, idread, parsers, outbox, soak } = results;

  if (printer) {
    const w = printer.wire;
    row(
      'printer',
      'printTicket, call → barrier answered',
      printer.ms.n,
      printer.ms.median,
      printer.ms.p95,
      'ms',
      'socat pty, both ends SerialTransport',
    );
    row(
      'printer',
      'status query DLE EOT 1..4',
      printer.statusQueryMs.n,
      printer.statusQueryMs.median,
      printer.statusQueryMs.p95,
      'ms',
      '4 one-byte round trips',
    );
    row(
      'printer',
      'bytes on the line per ticket',
      printer.ms.n,
      printer.bytes.onTheLinePerTicket,
      '',
      'B',
      `job ${printer.bytes.job.median} B + ${printer.bytes.statusRequestsPerTicket} status requests/replies`,
    );
    for (const baud of Object.keys(w).sort((a, b) => b - a)) {
      row(
        'printer',
        `wire time @${baud} 8N1`,
        '',
        fixed(w[baud].ms),
        '',
        'ms',
        `job alone ${fixed(w[baud].jobOnlyMs)} ms`,
      );
      row(
        'printer',
        `measured / wire @${baud}`,
        '',
        fixed(w[baud].measuredOverWire, 3),
        '',
        '×',
        baud === '115200' ? 'overhead ratio' : '',
      );
    }
  }
  if (idread) {
    row(
      'idread',
      'readCard: find → select → read',
      idread.ms.n,
      idread.ms.median,
      idread.ms.p95,
      'ms',
      'socat pty = host overhead (a pty ignores the baud rate)',
    );
    row(
      'idread',
      'bytes on the line per read',
      idread.ms.n,
      idread.bytes.onTheLinePerRead,
      '',
      'B',
      `host → reader ${idread.bytes.hostToReader.median} B, reader → host ${idread.bytes.readerToHost.median} B`,
    );
    row('idread', 'wire time @115200 8N1', '', fixed(idread.wireMs115200), '', 'ms');
    row(
      'idread',
      'host overhead beyond the wire',
      idread.ms.n,
      idread.hostOverheadMs.median,
      idread.hostOverheadMs.p95,
      'ms',
      `target ≤ ${idread.targetOverheadMs} ms (p95): ${idread.targetMet ? 'met' : 'NOT met'}`,
    );
    row(
      'idread',
      'expected on a real 115200 line',
      '',
      fixed(idread.expectedOnRealLineMs),
      '',
      'ms',
      'wire + overhead (median)',
    );
  }
  if (parsers) {
    const { sam, escpos } = parsers;
    const mb = (bytes) => `${fixed(bytes / 1e6)} MB`;
    for (const [name, parser, what] of [
      ['SAM frame parser', sam, `${mb(sam.streamBytes)} of read answers`],
      ['ESC/POS parser', escpos, `${mb(escpos.streamBytes)} of ticket jobs`],
    ]) {
      for (const size of [64, 4096]) {
        const figure = parser[`chunk${size}`];
        // A throughput's p95 would be its fast tail: the slowest run is the figure to watch.
        row(
          'parsers',
          `${name}, ${size === 64 ? '64 B' : '4 KiB'} chunks`,
          figure.n,
          figure.median,
          '',
          'MB/s',
          `slowest ${figure.min}${size === 64 ? `; ${what}` : ''}`,
        );
      }
    }
  }
  if (outbox) {
    row(
      'outbox',
      'reserveTicket + issueTicket',
      outbox.totalMs.n,
      outbox.totalMs.median,
      outbox.totalMs.p95,
      'ms',
      `${outbox.ticketsPerSecond} tickets/s`,
    );
    row(
      'outbox',
      '  reserveTicket',
      outbox.reserveMs.n,
      outbox.reserveMs.median,
      outbox.reserveMs.p95,
      'ms',
    );
    row(
      'outbox',
      '  issueTicket (ticket + outbox row)',
      outbox.issueMs.n,
      outbox.issueMs.median,
      outbox.issueMs.p95,
      'ms',
    );
    row(
      'outbox',
      'disk: 4 KiB rewrite + fdatasync',
      outbox.diskFlushMs.n,
      outbox.diskFlushMs.median,
      outbox.diskFlushMs.p95,
      'ms',
      'reference: the flush every commit waits for',
    );
    row(
      'outbox',
      'median, first vs last 10%',
      '',
      outbox.firstTenthMedianMs,
      outbox.lastTenthMedianMs,
      'ms',
      'p95 column = last 10%',
    );
    if (outbox.rawCommitMs) {
      row(
        'outbox',
        'raw single-row FULL commit, same disk',
        outbox.rawCommitMs.n,
        outbox.rawCommitMs.median,
        outbox.rawCommitMs.p95,
        'ms',
        'the floor: a ticket makes two',
      );
      row(
        'outbox',
        'reserve + issue / raw commit (medians)',
        '',
        outbox.ticketOverRawCommit,
        '',
        '×',
        `target ≤ ${outbox.targetTicketOverRawCommit}: ${outbox.ticketOverRawCommit <= outbox.targetTicketOverRawCommit ? 'met' : 'NOT met'}`,
      );
    }
  }
  serviceRows(results, row);
  rendererRows(results, row);
  if (soak) {
    const mem = (label) => soak.memory.find((m) => m.label === label);
    const [before, started, warm, end] = [
      'before the kiosk',
      'started',
      'after warm-up',
      'end',
    ].map(mem);
    const growth = soak.heapGrowthPer100TicketsKiB;
    const receiptsKiB = soak.simulator.heapGrowthPer100TicketsKiB;
    row(
      'soak',
      'tap (confirm) → ticketIssued',
      soak.tapToIssuedMs.n,
      soak.tapToIssuedMs.median,
      soak.tapToIssuedMs.p95,
      'ms',
      'in-process virtual printer',
    );
    row(
      'soak',
      'customer: START … FINISH → attract',
      soak.customerMs.n,
      soak.customerMs.median,
      soak.customerMs.p95,
      'ms',
      `${soak.ticketsPerSecond} tickets/s`,
    );
    row(
      'soak',
      'heapUsed: before / started / warm / end',
      '',
      [before, started, warm, end].map((m) => m.heapUsedMiB).join(' / '),
      '',
      'MiB',
      `tickets ${[before, started, warm, end].map((m) => m.tickets).join(' / ')}`,
    );
    row(
      'soak',
      'rss: before / started / warm / end',
      '',
      [before, started, warm, end].map((m) => m.rssMiB).join(' / '),
      '',
      'MiB',
    );
    row(
      'soak',
      'heap growth per 100 tickets',
      soak.tickets,
      growth,
      '',
      'KiB',
      `after warm-up; gc ${soak.gcExposed ? 'forced' : 'NOT exposed'}${soak.settleMs ? `, ${soak.settleMs / 1000} s idle before readings` : ', no idle (quick)'}`,
    );
    row(
      'soak',
      '  of which code space (JIT output)',
      '',
      soak.codeGrowthPer100TicketsKiB,
      '',
      'KiB',
    );
    row(
      'soak',
      '  of which kept by the virtual printer',
      '',
      fixed(receiptsKiB, 1),
      '',
      'KiB',
      `measured alone, same counts; it holds ${soak.simulator.receiptsKept} receipts`,
    );
    row(
      'soak',
      '  rest (bytecode, type feedback, noise)',
      '',
      fixed(growth - soak.codeGrowthPer100TicketsKiB - receiptsKiB, 1),
      '',
      'KiB',
    );
  }
  const lines = [table(['bench', 'measure', 'n', 'median', 'p95', 'unit', 'note'], rows)];
  const m = results.machine;
  lines.push(
    `${results.mode} run, ${m.date}, node ${m.node}, ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB; ` +
      `took ${results.durationsS.total} s (${Object.entries(results.durationsS)
        .filter(([k]) => k !== 'total')
        .map(([k, v]) => `${k} ${v} s`)
        .join(', ')})`,
  );
  for (const [name, error] of Object.entries(results.errors)) {
    lines.push(`FAILED ${name}: ${String(error).split('\n')[0]}`);
  }
  return lines.join('\n');
}
