/**
 * The device simulator panel's actions: what a person trying the kiosk on `npm start` does to
 * its simulated devices (place a sample ID card, take it away, present an unreadable one, take
 * the printer's paper out, jam it, open its cover, unplug either device), and the state it shows
 * (the kiosk's supervisors' CEN/XFS words next to what the panel set).
 *
 * It exists only for devices the configuration says are `simulated`: the composition root hands
 * it the simulators main/devices.ts built, and for a terminal with no simulator there is no
 * panel at all (createDeviceSimulatorPanel returns null). Every action is logged as an event.
 */
import type { VirtualIdReader, VirtualPrinter } from '../../devices/sim/index.js';
import { TEST_CARDS, type TestCard } from '../../devices/sim/index.js';
import { logEvent, type Logger } from '../../src/log/index.js';
import type { DeviceRegistry } from '../devices.js';
import type { SimulatorAction, SimulatorActionResult, SimulatorState } from './contract.js';

/** What the panel needs of the device registry (main/devices.ts). */
export type SimulatedDevices = Pick<
  DeviceRegistry,
  'virtualIdReader' | 'virtualPrinter' | 'idReaderStatus' | 'printerStatus'
>;

export interface DeviceSimulatorPanel {
  /** The devices' state now. */
  state(): SimulatorState;
  /** Does one thing to a simulated device; refused (with the reason) when that device is real. */
  act(action: SimulatorAction): Promise<SimulatorActionResult>;
}

/** What a person choosing a sample card needs to know about it (label → description). */
export const SAMPLE_CARD_DESCRIPTIONS: Readonly<Record<string, string>> = {
  resident: 'Resident ID card, holder born 1990: an adult (name with a rare character, 𠀀)',
  'resident long-term':
    'Long-term (长期) resident ID card, holder born 1960: a senior, above the elder-mode offer age (65 by default)',
  'residence permit':
    'Hong Kong/Macao/Taiwan residence permit, holder born 1985, valid to 2025-01-01',
  'foreigner permanent residence':
    'Foreigner permanent residence card (2017 layout), holder born 1990',
  'foreigner permanent residence 2023':
    'Foreigner permanent residence card (2023 layout): the kiosk answers "unsupported card type"',
};

/** The sample cards the simulated reader can be given, in TEST_CARDS order. */
export function sampleCards(): readonly { label: string; description: string }[] {
  return TEST_CARDS.map((card) => ({
    label: card.label,
    description: SAMPLE_CARD_DESCRIPTIONS[card.label] ?? card.label,
  }));
}

export function createDeviceSimulatorPanel(
  devices: SimulatedDevices,
  logger: Logger,
): DeviceSimulatorPanel | null {
  const reader = devices.virtualIdReader;
  const printer = devices.virtualPrinter;
  if (reader === null && printer === null) return null;
  // What the panel set that the simulators do not report back.
  let unreadable = false;
  let readerConnected = true;

  const state = (): SimulatorState => ({
    idReader:
      reader === null
        ? null
        : {
            status: devices.idReaderStatus(),
            card: reader.cardOnReader?.label ?? null,
            unreadable,
            connected: readerConnected,
          },
    printer:
      printer === null
        ? null
        : {
            status: devices.printerStatus(),
            paper: printer.state.paper,
            paperJam: printer.state.paperJam,
            coverOpen: printer.state.coverOpen,
            connected: !printer.state.silent,
          },
  });

  const onReader = async (
    action: SimulatorAction,
    device: VirtualIdReader,
  ): Promise<Record<string, unknown>> => {
    switch (action.action) {
      case 'placeCard': {
        const card = TEST_CARDS.find((c) => c.label === action.card) as TestCard;
        unreadable = action.condition === 'unreadable';
        device.setFault(unreadable ? 'unreadable' : undefined);
        device.placeCard(card);
        return { card: card.label, condition: action.condition };
      }
      case 'removeCard':
        // The unreadable condition belonged to the card taken away.
        unreadable = false;
        device.setFault(undefined);
        device.removeCard();
        return {};
      case 'setReaderConnected':
        if (action.connected) await device.open();
        else await device.unplug();
        readerConnected = action.connected;
        return { connected: action.connected };
      default:
        throw new Error(`not a reader action: ${action.action}`);
    }
  };

  const onPrinter = (action: SimulatorAction, device: VirtualPrinter): Record<string, unknown> => {
    switch (action.action) {
      case 'setPaper':
        device.setPaper(action.paper);
        return { paper: action.paper };
      case 'setPaperJam':
        device.setPaperJam(action.jammed);
        return { jammed: action.jammed };
      case 'setCoverOpen':
        device.setCoverOpen(action.open);
        return { open: action.open };
      case 'setPrinterConnected':
        device.setSilent(!action.connected);
        return { connected: action.connected };
      default:
        throw new Error(`not a printer action: ${action.action}`);
    }
  };

  return {
    state,
    async act(action) {
      const forReader =
        action.action === 'placeCard' ||
        action.action === 'removeCard' ||
        action.action === 'setReaderConnected';
      const device = forReader ? 'idReader' : 'printer';
      let detail: Record<string, unknown>;
      if (forReader) {
        if (reader === null) return refused(logger, action, device);
        detail = await onReader(action, reader);
      } else {
        if (printer === null) return refused(logger, action, device);
        detail = onPrinter(action, printer);
      }
      logEvent(logger, 'simulator.actionApplied', {
        device,
        action: action.action,
        ...detail,
      });
      return { ok: true, state: state() };
    },
  };
}

function refused(
  logger: Logger,
  action: SimulatorAction,
  device: 'idReader' | 'printer',
): SimulatorActionResult {
  logEvent(logger, 'simulator.actionRefused', { device, action: action.action });
  const name = device === 'idReader' ? 'ID-card reader' : 'printer';
  return {
    ok: false,
    error: `The ${name} is not simulated in this configuration: set "${device}": { "kind": "simulated" } in kiosk.config.json to try it here.`,
  };
}
