/**
 * The kiosk's devices in its configuration file: the receipt printer and the ID-card reader, each
 * simulated (the default), on a serial port, or (the reader only) absent. Split from config.ts,
 * which reads the rest of the file with the same reader, so every mistake names the field.
 */
import { ConfigError, type Json, type Reader } from './config-reader.js';
import type { LocalizedText } from './domain/business-type.js';

/** A device on a serial port, or the simulator that speaks the same bytes. */
export type SerialDeviceConfig =
  | { readonly kind: 'simulated' }
  | { readonly kind: 'serial'; readonly path: string; readonly baudRate: number };

/**
 * What a serial printer's manual says it can do, where models differ: Automatic Status Back
 * (`GS a`, default off: a printer without it prints "a" and a byte), QR codes drawn by the
 * printer (`GS ( k`) or sent as a raster image for printers without it, and the paper width.
 * Only given when set, so a plain serial printer reads as before.
 */
export interface PrinterCapabilities {
  readonly automaticStatusBack?: boolean;
  readonly qrCode?: 'native' | 'raster';
  readonly paperWidthMm?: 58 | 80;
}

export type PrinterConfig =
  | { readonly kind: 'simulated' }
  | ({
      readonly kind: 'serial';
      readonly path: string;
      readonly baudRate: number;
    } & PrinterCapabilities);

/**
 * The ID-card reader: simulated by default, a serial reader, or none on a terminal without one;
 * `placementHint`: where it is on this terminal (default "on the reader below the screen").
 */
export type IdReaderConfig = (SerialDeviceConfig | { readonly kind: 'none' }) & {
  readonly placementHint?: LocalizedText;
};

/** Reads `printer` and `idReader` of the file's top object. */
export function parseDeviceConfig(
  r: Reader,
  file: string | null,
  top: { readonly printer?: Json | undefined; readonly idReader?: Json | undefined },
): { printer: PrinterConfig; idReader: IdReaderConfig } {
  /** A device on a serial port, or simulated (or, where a terminal may lack it, none). */
  const serialDevice = (
    raw: Json | undefined,
    name: string,
    example: string,
    allowNone: boolean,
    extraKeys: readonly string[] = [],
  ) => {
    const device = r.object(raw, name, ['kind', 'path', 'baudRate', ...extraKeys]);
    const kind = r.string(device.kind, `${name}.kind`, 'simulated');
    if (kind === 'simulated') return { kind: 'simulated' } as const;
    if (kind === 'none' && allowNone) return { kind: 'none' } as const;
    if (kind === 'serial') {
      if (device.path === undefined) {
        throw new ConfigError(file, `"${name}.path" is required for a serial ${example}`);
      }
      return {
        kind: 'serial',
        path: r.string(device.path, `${name}.path`, ''),
        baudRate: r.integer(device.baudRate, `${name}.baudRate`, 115200, 1200, 921600),
      } as const;
    }
    return r.fail(
      `${name}.kind`,
      allowNone ? '"simulated", "serial" or "none"' : '"simulated" or "serial"',
      kind,
    );
  };
  const capabilityKeys = ['automaticStatusBack', 'qrCode', 'paperWidthMm'] as const;
  const printerDevice = serialDevice(
    top.printer,
    'printer',
    'printer, e.g. "/dev/ttyS0"',
    false,
    capabilityKeys,
  ) as SerialDeviceConfig;
  const printerRaw = (top.printer ?? {}) as { readonly [key: string]: Json | undefined };
  const capabilities: { -readonly [K in keyof PrinterCapabilities]: PrinterCapabilities[K] } = {};
  if (printerDevice.kind === 'serial') {
    if (printerRaw.automaticStatusBack !== undefined) {
      capabilities.automaticStatusBack = r.boolean(
        printerRaw.automaticStatusBack,
        'printer.automaticStatusBack',
        false,
      );
    }
    if (printerRaw.qrCode !== undefined) {
      const qrCode = r.string(printerRaw.qrCode, 'printer.qrCode', 'native');
      if (qrCode !== 'native' && qrCode !== 'raster')
        r.fail('printer.qrCode', '"native" or "raster"', qrCode);
      capabilities.qrCode = qrCode;
    }
    if (printerRaw.paperWidthMm !== undefined) {
      const width = r.integer(printerRaw.paperWidthMm, 'printer.paperWidthMm', 80, 58, 80);
      if (width !== 58 && width !== 80) r.fail('printer.paperWidthMm', '58 or 80', width);
      capabilities.paperWidthMm = width;
    }
  } else {
    for (const key of capabilityKeys) {
      if (printerRaw[key] !== undefined)
        r.fail(`printer.${key}`, 'set only for a serial printer', printerRaw[key]);
    }
  }
  const printer: PrinterConfig =
    printerDevice.kind === 'serial' ? { ...printerDevice, ...capabilities } : printerDevice;
  const idReaderDevice = serialDevice(
    top.idReader,
    'idReader',
    'ID-card reader, e.g. "/dev/ttyUSB0"',
    true,
    ['placementHint'],
  );
  const placementHint = r.localizedText(
    (top.idReader as { placementHint?: Json } | undefined)?.placementHint,
    'idReader.placementHint',
    80,
  );
  const idReader: IdReaderConfig = placementHint
    ? { ...idReaderDevice, placementHint }
    : idReaderDevice;
  return { printer, idReader };
}
