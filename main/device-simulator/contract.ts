/**
 * The device simulator panel's routes (main/device-simulator/): what a person trying the kiosk
 * may do to its simulated devices, and the state the panel reports. One zod schema per message;
 * the HTTP handler parses every request body with it and refuses anything else with the reason.
 */
import { z } from 'zod';
import { TEST_CARDS } from '../../devices/sim/index.js';
import {
  DEVICE_STATES,
  ID_READER_MEDIA_STATES,
  PAPER_STATES,
  SAM_STATES,
} from '../../src/domain/device-status.js';

/** The panel page; its routes are below it (the panel's cookie is scoped to this path). */
export const SIMULATOR_PATH = '/simulator';
export const SIMULATOR_STATE_PATH = `${SIMULATOR_PATH}/state`;
export const SIMULATOR_ACTION_PATH = `${SIMULATOR_PATH}/action`;
export const SIMULATOR_SCRIPT_PATH = `${SIMULATOR_PATH}/panel.js`;

const CARD_LABELS = TEST_CARDS.map((card) => card.label) as [string, ...string[]];

/** A sample card by its label (TEST_CARDS in devices/sim/virtual-id-reader-cards.ts). */
export const TestCardLabelSchema = z.enum(CARD_LABELS);

/**
 * One thing done to a simulated device. A card placed `unreadable` is found by the reader but
 * its read fails (SAM answer 41), as a damaged or dirty card does; taking it away clears that.
 */
export const SimulatorActionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('placeCard'),
    card: TestCardLabelSchema,
    condition: z.enum(['readable', 'unreadable']).default('readable'),
  }),
  z.object({ action: z.literal('removeCard') }),
  z.object({ action: z.literal('setReaderConnected'), connected: z.boolean() }),
  z.object({ action: z.literal('setPaper'), paper: z.enum(['full', 'low', 'out']) }),
  z.object({ action: z.literal('setPaperJam'), jammed: z.boolean() }),
  z.object({ action: z.literal('setCoverOpen'), open: z.boolean() }),
  z.object({ action: z.literal('setPrinterConnected'), connected: z.boolean() }),
]);
export type SimulatorAction = z.infer<typeof SimulatorActionSchema>;

export const SimulatorStateSchema = z.object({
  idReader: z
    .object({
      /** What the kiosk's reader supervisor last saw, in CEN/XFS words (null before its first look). */
      status: z
        .object({
          device: z.enum(DEVICE_STATES),
          media: z.enum(ID_READER_MEDIA_STATES),
          sam: z.enum(SAM_STATES),
        })
        .nullable(),
      /** The sample card on the simulated reader, or null. */
      card: TestCardLabelSchema.nullable(),
      unreadable: z.boolean(),
      connected: z.boolean(),
    })
    .nullable(),
  printer: z
    .object({
      /** What the kiosk's printer supervisor last saw, in CEN/XFS words. */
      status: z.object({
        device: z.enum(DEVICE_STATES),
        paper: z.enum(PAPER_STATES),
        coverOpen: z.boolean(),
        cutterError: z.boolean(),
      }),
      /** The simulated printer's own sensors (what the panel set). */
      paper: z.enum(['full', 'low', 'out']),
      paperJam: z.boolean(),
      coverOpen: z.boolean(),
      connected: z.boolean(),
    })
    .nullable(),
});
export type SimulatorState = z.infer<typeof SimulatorStateSchema>;

/** The answer to an action: the state after it, or why it was refused. */
export type SimulatorActionResult =
  | { readonly ok: true; readonly state: SimulatorState }
  | { readonly ok: false; readonly error: string };
