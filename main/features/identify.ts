/**
 * The identify feature's effects: the ID-card reader's poller as the flow's `idCardReader` actor,
 * with the device secret that keys the customer key, and the technician's events for a card that
 * gave nothing or was left on the reader.
 *
 * The poller (devices/idcard/poller.ts) runs only while the flow invokes the actor, and its
 * events become the flow's (inserted, read, unreadable, unsupported, removed, reader offline).
 * A read is reduced here, at once, to what the flow may hold: the masked name to show, the age
 * and the customer key (HMAC-SHA256 of the ID number under the branch's customer-key secret, so
 * every kiosk of the branch and its appointments and VIP list make the same key; under this
 * kiosk's device secret until the branch has handed its secret over once). The rest of the
 * identity is dropped, and the read's buffers (photo, fingerprints) are zeroed with wipeCardRead
 * right after; the actor's cleanup stops the poller and wipes again whatever it saw, so a session
 * reset mid-read leaves nothing behind.
 */
import { fromCallback } from 'xstate';
import { ageInYears } from '../../src/domain/identification.js';
import { localDay } from '../../src/domain/local-time.js';
import type { IdReaderStatus } from '../../src/domain/device-status.js';
import type { Identity } from '../../src/domain/identity.js';
import { logEvent, type Logger } from '../../src/log/index.js';
import { createCustomerKeyStore, loadDeviceSecret } from '../../src/store/index.js';
import { customerKeyOf } from '../../src/customer-key.js';
import { createCustomerKeyring } from '../../src/sync/customer-keyring.js';
import { maskName } from '../../src/log/mask.js';
import {
  IdCardPoller,
  wipeCardRead,
  type CardRead,
  type IdCardEvent,
  type IdCardReader,
} from '../../devices/idcard/index.js';
import {
  IDENTIFY_TIMEOUTS,
  identifyFlow,
  identifyMachine,
  type CardSummary,
  type IdentifyFlowEvent,
} from '../../machines/identify/index.js';
import type { Feature, Infrastructure } from './feature.js';

export interface IdentifyFeatureOptions {
  /** The flow's timeouts; default IDENTIFY_TIMEOUTS (30 s for a card, 20 s to take it back). */
  readonly timeouts?: Partial<typeof IDENTIFY_TIMEOUTS>;
  /** The reader's poll interval; default the poller's. */
  readonly pollIntervalMs?: number;
  /** Sees every read before it is wiped (tests prove the wipe). */
  readonly onCardRead?: (card: CardRead) => void;
}

export function createIdentifyFeature(
  infra: Infrastructure,
  options: IdentifyFeatureOptions = {},
): Feature {
  const { logger, devices, config, now, store, branch } = infra;
  // Read once: the data folder is the store's, opened before any feature is built.
  const deviceSecret = loadDeviceSecret(config.dataDir);
  const keyring = createCustomerKeyring({
    kept: store.featureStore(createCustomerKeyStore),
    fetchSecret: () => branch.client.customerKeySecret(),
    logger,
  });
  const secret = () => keyring.secret() ?? deviceSecret;
  const timeouts = { ...IDENTIFY_TIMEOUTS, ...options.timeouts };

  const logic = identifyMachine.provide({
    actors: {
      idCardReader: idCardReaderActor({
        reader: devices.idReader,
        status: () => devices.idReaderStatus(),
        secret,
        now,
        logger,
        ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
        ...(options.onCardRead ? { onCardRead: options.onCardRead } : {}),
        lookupVip: async (customerKey) => {
          // A key under the device secret means nothing to the branch: not asked.
          if (keyring.secret() === null) return false;
          try {
            return (await branch.client.lookupCustomer(customerKey, VIP_LOOKUP_TIMEOUT_MS)).vip;
          } catch (error) {
            logEvent(logger, 'identify.vipLookupFailed', {
              reason: error instanceof Error ? error.message : String(error),
            });
            return false;
          }
        },
      }),
    },
    delays: timeouts,
    actions: {
      reportProblem: (_, { problem }) => logEvent(logger, 'identify.cardProblem', { problem }),
      reportCardLeft: () =>
        logEvent(logger, 'identify.cardNotRemoved', {
          seconds: Math.round(timeouts.removalTimeout / 1000),
        }),
    },
  });

  let unsubscribe: (() => void) | null = null;
  return {
    name: 'identify',
    flows: [
      identifyFlow(
        logic,
        config.idReader.placementHint ? { placementHint: config.idReader.placementHint } : {},
      ),
    ],
    async start() {
      // Asked until the branch answers once: at start, when the embedded service is up, and at
      // every configuration fetch (a remote service that was down at start).
      await keyring.fetch();
      unsubscribe = branch.config.onChange(() => void keyring.fetch());
    },
    branchServiceUp: () => keyring.fetch(),
    stop() {
      unsubscribe?.();
      keyring.forget();
      deviceSecret.fill(0);
    },
  };
}

export interface IdCardReaderActorOptions {
  /** The configured reader, or null on a terminal without one. */
  readonly reader: IdCardReader | null;
  /** What the reader's supervisor last saw (null without a reader). */
  readonly status: () => IdReaderStatus | null;
  /** The secret that keys the customer key now: the branch's, else the device's. */
  readonly secret: () => Uint8Array;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Poll interval; default the poller's (300 ms). */
  readonly pollIntervalMs?: number;
  /** Sees every read before it is wiped (tests check that it is wiped). */
  readonly onCardRead?: (card: CardRead) => void;
  /**
   * Asks the branch whether a card's holder is a VIP customer (by customer key); resolves
   * false when it cannot tell. Default: never asked.
   */
  readonly lookupVip?: (customerKey: string) => Promise<boolean>;
}

export { customerKeyOf };

/** How long a customer waits for the branch's VIP answer before the age alone decides. */
export const VIP_LOOKUP_TIMEOUT_MS = 1_000;

/** What the flow may keep of an identity: a masked name, the age, the key. */
export function summarizeIdentity(
  identity: Identity,
  secret: Uint8Array,
  today: string,
): CardSummary | undefined {
  const ageYears = ageInYears(identity.birthDate, today);
  if (ageYears === undefined) return undefined;
  const name =
    identity.name ||
    (identity.cardType === 'foreignPermanentResidence' ? identity.englishName : '');
  return {
    maskedName: maskName(name),
    ageYears,
    customerKey: customerKeyOf(identity.idNumber, secret),
  };
}

/** The flow's event for a poller event; null for one the flow does not need. */
function flowEventFor(
  event: IdCardEvent,
  options: IdCardReaderActorOptions,
): IdentifyFlowEvent | null {
  switch (event.type) {
    case 'inserted':
      return { type: 'CARD_INSERTED' };
    case 'read': {
      const parsed = event.card.identity;
      if (!parsed.ok) {
        return parsed.problem === 'unsupportedCardType'
          ? { type: 'CARD_UNSUPPORTED' }
          : { type: 'CARD_UNREADABLE' };
      }
      const card = summarizeIdentity(parsed.identity, options.secret(), localDay(options.now()));
      return card ? { type: 'CARD_READ', card } : { type: 'CARD_UNREADABLE' };
    }
    case 'unreadable':
      return { type: 'CARD_UNREADABLE' };
    case 'removed':
      return { type: 'CARD_REMOVED' };
    case 'failed':
      // Answers that do not add up come from a card read gone wrong as often as from the reader.
      return event.error.reason === 'protocolError'
        ? { type: 'CARD_UNREADABLE' }
        : { type: 'READER_OFFLINE' };
    case 'stillPresent':
      // The flow keeps its own time for "please take your card".
      return null;
  }
}

/** What stands in for the identity in a read kept only for its buffers. */
const NO_IDENTITY: CardRead['identity'] = { ok: false, problem: 'blockLength', length: 0 };

/** The `idCardReader` actor for the identify machine. */
export function idCardReaderActor(options: IdCardReaderActorOptions) {
  return fromCallback<IdentifyFlowEvent>(({ sendBack }) => {
    const { reader, logger } = options;
    const status = options.status();
    if (reader === null || status === null || status.device !== 'online' || status.sam !== 'ok') {
      const state = status ? `${status.device}, SAM ${status.sam}` : 'none configured';
      logEvent(logger, 'identify.readerUnavailable', { state });
      sendBack({ type: 'READER_OFFLINE' });
      return () => {};
    }
    const poller = new IdCardPoller(reader, {
      logger,
      ...(options.pollIntervalMs ? { intervalMs: options.pollIntervalMs } : {}),
    });
    // The reads' buffers, kept (without the identity) only so the cleanup can wipe them again.
    const seen: CardRead[] = [];
    let stopped = false;
    // Events reach the flow in the reader's order, also while a read waits for the VIP answer
    // (a card taken away meanwhile is "removed" after it was "read").
    let delivered: Promise<void> = Promise.resolve();
    const deliver = (flowEvent: IdentifyFlowEvent | Promise<IdentifyFlowEvent>) => {
      delivered = delivered
        .then(() => flowEvent)
        .then((event) => {
          if (!stopped) sendBack(event);
        });
    };
    const off = poller.onEvent((event) => {
      if (event.type === 'read') options.onCardRead?.(event.card);
      const flowEvent = stopped ? null : flowEventFor(event, options);
      if (event.type === 'read') {
        wipeCardRead(event.card);
        seen.push({ ...event.card, identity: NO_IDENTITY });
      }
      if (flowEvent?.type === 'CARD_READ' && options.lookupVip) {
        const { card } = flowEvent;
        deliver(
          options
            .lookupVip(card.customerKey)
            .catch(() => false)
            .then((vip) => ({ type: 'CARD_READ' as const, card: { ...card, vip } })),
        );
      } else if (flowEvent) deliver(flowEvent);
    });
    poller.start();
    return () => {
      stopped = true;
      for (const card of seen.splice(0)) wipeCardRead(card);
      // The listener stays until the poll in progress has ended: a read that finishes meanwhile
      // is wiped by it (and sent nowhere).
      void poller.stop().finally(off);
    };
  });
}
