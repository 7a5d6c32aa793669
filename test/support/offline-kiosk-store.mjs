// The store of a kiosk child process (test/support/*-child.mjs): the COMPILED store (dist/,
// `npm run build`) on the data folder the test names, holding today's numbers for one queue as a
// kiosk that reached its branch today does (the same block request id, so opening it again after
// a kill adds nothing).
import { openStore, serviceDayOf } from '../../dist/src/store/index.js';

export const PERSONAL = {
  id: 'personal',
  prefix: 'A',
  name: { 'zh-CN': '个人业务', en: 'Personal banking' },
};

/** Opens the store and leases today's block A0001–A9999 (idempotent across restarts). */
export function openOfflineKioskStore({ dataDir, kioskId }) {
  const store = openStore({ dataDir, kioskId });
  store.addNumberBlock({
    requestId: '01950000-0000-7000-8000-00000000b10c',
    serviceDay: serviceDayOf(new Date()),
    businessTypeId: PERSONAL.id,
    prefix: PERSONAL.prefix,
    firstSequence: 1,
    lastSequence: 9999,
  });
  return store;
}
