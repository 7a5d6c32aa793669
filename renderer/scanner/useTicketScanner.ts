/**
 * The lobby scanner on a screen that takes a ticket's QR code: keys typed in a scanner's burst
 * (./scan-detector.ts) become one command with the scanned text; the host reads it. Nothing else
 * is decided here. A person's keys and Enter keep their usual meaning (Enter presses the
 * focused button); the Enter that ends a scan does not also press a button.
 *
 * On the query screens a scan is `SCAN_QUERY_INPUT` (the query flow reads it); on the attract
 * screen and the home menu it starts the query flow with the text (`startMyTicketByScan`), so a
 * customer who walks up and holds their ticket to the scanner gets its answer at once.
 */
import { useEffect, useRef } from 'react';
import type { KioskCommand } from '../../src/bridge/contract.js';
import { MAX_SCAN_TEXT_LENGTH } from '../../src/domain/ticket-scan.js';
import { createScanDetector } from './scan-detector.js';

/** The command a scan is on a query screen: the query flow reads it. */
export const scanQueryInput = (text: string): KioskCommand => ({ type: 'SCAN_QUERY_INPUT', text });

/** The command a scan is on the attract screen and the menu: the queries' "my ticket" for it. */
export const startMyTicketByScan = (text: string): KioskCommand => ({
  type: 'START_FLOW',
  flow: 'query',
  scan: text,
});

export function useTicketScanner(
  send: (command: KioskCommand) => void,
  commandFor: (text: string) => KioskCommand = scanQueryInput,
): void {
  // The latest `send` without listening afresh on every render (which would lose a burst).
  const sendRef = useRef(send);
  sendRef.current = send;
  const commandRef = useRef(commandFor);
  commandRef.current = commandFor;
  useEffect(() => {
    const detector = createScanDetector({ maxLength: MAX_SCAN_TEXT_LENGTH });
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing || event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.key === 'Enter') {
        const text = detector.enter(event.timeStamp);
        if (text === null) return;
        event.preventDefault();
        event.stopPropagation();
        sendRef.current(commandRef.current(text));
        return;
      }
      // Printable characters only: Shift (which a scanner sends for capitals) is not one.
      if (event.key.length === 1) detector.character(event.key, event.timeStamp);
    };
    document.addEventListener('keydown', onKeyDown, { capture: true });
    return () => document.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}
