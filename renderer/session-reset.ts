/**
 * The renderer's half of the reset for the next customer (design.md §7): when the host goes
 * back to the attract screen after a session, everything the page held of that customer goes
 * too: speech queued or playing, anything in web storage, and the DOM itself (the App remounts
 * its tree under a new key, so no component keeps state, focus or scroll from the last session).
 */
import { useEffect, useRef, useState } from 'react';
import type { KioskView } from '../src/bridge/contract.js';
import { silence } from './voice.js';

/** Clears what the page might hold of a customer. Nothing of ours writes storage; others might. */
export function forgetCustomer(): void {
  silence();
  try {
    sessionStorage.clear();
    localStorage.clear();
  } catch {
    // Storage disabled for this page: then it holds nothing either.
  }
}

/** A number that changes at every reset: the key the App remounts its tree under. */
export function useCustomerReset(view: KioskView | null): number {
  const [visit, setVisit] = useState(0);
  const previous = useRef<string | null>(null);
  const screen = view?.screen ?? null;
  useEffect(() => {
    if (screen === 'attract' && previous.current !== null && previous.current !== 'attract') {
      forgetCustomer();
      setVisit((v) => v + 1);
    }
    // A dropped connection (no view) does not count as a screen: a session that ended while the
    // page was reconnecting is still forgotten when the attract screen comes back.
    if (screen !== null) previous.current = screen;
  }, [screen]);
  return visit;
}
