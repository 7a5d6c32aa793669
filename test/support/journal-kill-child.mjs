// A kiosk process for test/unit/store/ticket-journal-kill.test.ts: the COMPILED store (dist/,
// `npm run build`) on the data folder the test names. It issues JOURNAL_ISSUE tickets, reserves
// one more (the kiosk stopped while it prints), reports the tickets on the IPC channel and waits
// to be killed with SIGKILL: nothing here folds the ticket journal or closes the store.
import { PERSONAL, openOfflineKioskStore } from './offline-kiosk-store.mjs';

const store = openOfflineKioskStore({ dataDir: process.env.JOURNAL_DATA_DIR, kioskId: 'kiosk-1' });
const issued = [];
for (let i = 0; i < Number(process.env.JOURNAL_ISSUE); i++) {
  const reserved = store.reserveTicket({ businessType: PERSONAL });
  issued.push(store.issueTicket(reserved.id, { delivery: 'printed' }));
}
const open = store.reserveTicket({ businessType: PERSONAL });
process.send({ issued, open }, () => setInterval(() => {}, 60_000));
