/**
 * The lobby scanner on a screen that takes a ticket's QR code: keys typed in a scanner's burst
 * (./scan-detector.ts) become one command with the scanned text; the host reads it. Nothing else
 * is decided here. A person's keys and Enter keep their usual meaning (Enter presses the
 * focused button); the Enter that ends a scan does not also press a button.
 */
import { useEffect, useRef } from 'react';
import type { KioskCommand } from '../../src/bridge/contract.js';
import { MAX_SCAN_TEXT_LENGTH } from '../../src/domain/ticket-scan.js';
import { createScanDetector } from './scan-detector.js';

export function useTicketScanner(send: (command: KioskCommand) => void): void {
  // The latest `send` without listening afresh on every render (which would lose a burst).
  const sendRef = useRef(send);
  sendRef.current = send;
  useEffect(() => {
    const detector = createScanDetector({ maxLength: MAX_SCAN_TEXT_LENGTH });
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing || event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.key === 'Enter') {
        const text = detector.enter(event.timeStamp);
        if (text === null) return;
        event.preventDefault();
        event.stopPropagation();
        sendRef.current({ type: 'SCAN_QUERY_INPUT', text });
        return;
      }
      // Printable characters only: Shift (which a scanner sends for capitals) is not one.
      if (event.key.length === 1) detector.character(event.key, event.timeStamp);
    };
    document.addEventListener('keydown', onKeyDown, { capture: true });
    return () => document.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}
