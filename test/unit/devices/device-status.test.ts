import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DEVICE_STATES,
  ID_READER_MEDIA_STATES,
  PAPER_STATES,
  PRINT_FAILURE_REASONS,
  SAM_STATES,
  printFailureReason,
  samePrinterStatus,
} from '../../../src/domain/device-status.js';
import type { PrintFailureReason, PrinterStatus } from '../../../src/domain/device-status.js';
import type { PrinterError, PrinterErrorFields } from '../../../devices/printer/errors.js';

const ONLINE: PrinterStatus = {
  device: 'online',
  paper: 'full',
  coverOpen: false,
  cutterError: false,
};

describe('the CEN/XFS status vocabulary (src/domain/device-status.ts)', () => {
  it('enumerates every state as XFS names it', () => {
    expect(DEVICE_STATES).toEqual([
      'online',
      'offline',
      'powerOff',
      'noDevice',
      'hardwareError',
      'userError',
      'busy',
    ]);
    expect(PAPER_STATES).toEqual(['full', 'low', 'out', 'jammed', 'unknown']);
    expect(ID_READER_MEDIA_STATES).toEqual(['noCard', 'present', 'read', 'unreadable']);
    expect(SAM_STATES).toEqual(['ok', 'notAuthorized', 'selfTestFailed']);
    expect(PRINT_FAILURE_REASONS).toEqual([
      'paperOut',
      'coverOpen',
      'cutterError',
      'offline',
      'hardwareError',
    ]);
  });

  it('is the one vocabulary: the driver names the same failure reasons', () => {
    expectTypeOf<PrinterError['reason']>().toEqualTypeOf<PrintFailureReason>();
    expectTypeOf<PrinterErrorFields['reason']>().toEqualTypeOf<PrintFailureReason>();
  });

  it('printFailureReason: what a status means for printing', () => {
    expect(printFailureReason(ONLINE)).toBeUndefined();
    expect(printFailureReason({ ...ONLINE, paper: 'low' })).toBeUndefined();
    expect(printFailureReason({ ...ONLINE, device: 'busy' })).toBeUndefined();
    for (const device of ['offline', 'powerOff', 'noDevice'] as const) {
      // Unreachable comes first: nothing else it says can be trusted.
      expect(printFailureReason({ ...ONLINE, device, coverOpen: true })).toBe('offline');
    }
    expect(
      printFailureReason({ ...ONLINE, device: 'userError', coverOpen: true, paper: 'out' }),
    ).toBe('coverOpen');
    expect(printFailureReason({ ...ONLINE, device: 'userError', paper: 'out' })).toBe('paperOut');
    expect(printFailureReason({ ...ONLINE, device: 'hardwareError', cutterError: true })).toBe(
      'cutterError',
    );
    expect(printFailureReason({ ...ONLINE, paper: 'jammed' })).toBe('hardwareError');
    expect(printFailureReason({ ...ONLINE, device: 'hardwareError' })).toBe('hardwareError');
    expect(printFailureReason({ ...ONLINE, device: 'userError' })).toBe('hardwareError');
  });

  it('every status maps to no reason or one of the reasons', () => {
    for (const device of DEVICE_STATES) {
      for (const paper of PAPER_STATES) {
        for (const coverOpen of [false, true]) {
          for (const cutterError of [false, true]) {
            const reason = printFailureReason({ device, paper, coverOpen, cutterError });
            if (reason !== undefined) expect(PRINT_FAILURE_REASONS).toContain(reason);
          }
        }
      }
    }
  });

  it('samePrinterStatus compares every field', () => {
    expect(samePrinterStatus(ONLINE, { ...ONLINE })).toBe(true);
    expect(samePrinterStatus(ONLINE, { ...ONLINE, device: 'busy' })).toBe(false);
    expect(samePrinterStatus(ONLINE, { ...ONLINE, paper: 'low' })).toBe(false);
    expect(samePrinterStatus(ONLINE, { ...ONLINE, coverOpen: true })).toBe(false);
    expect(samePrinterStatus(ONLINE, { ...ONLINE, cutterError: true })).toBe(false);
  });
});
