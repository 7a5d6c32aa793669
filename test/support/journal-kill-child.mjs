// A kiosk process for test/unit/store/ticket-journal-kill.test.ts: the COMPILED store (dist/,
// `npm run build`) on the data folder the test names. It issues JOURNAL_ISSUE tickets, reserves
// one more (the kiosk stopped while it prints), reports the tickets on the IPC channel and waits
// to be killed with SIGKILL: nothing here folds the ticket journal or closes the store.
import { openStore, serviceDayOf } from '../../dist/src/store/index.js';

const PERSONAL = { id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal' } };

const store = openStore({ dataDir: process.env.JOURNAL_DATA_DIR, kioskId: 'kiosk-1' });
store.addNumberBlock({
  requestId: '01950000-0000-7000-8000-00000000b10c',
  serviceDay: serviceDayOf(new Date()),
  businessTypeId: PERSONAL.id,
  prefix: PERSONAL.prefix,
  firstSequence: 1,
  lastSequence: 9999,
});
const issued = [];
for (let i = 0; i < Number(process.env.JOURNAL_ISSUE); i++) {
  const reserved = store.reserveTicket({ businessType: PERSONAL });
  issued.push(store.issueTicket(reserved.id, { delivery: 'printed' }));
}
const open = store.reserveTicket({ businessType: PERSONAL });
process.send({ issued, open }, () => setInterval(() => {}, 60_000));
