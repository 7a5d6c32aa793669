/**
 * What a feature is to the composition root (design.md §2.1): the flows it registers with the
 * session, and the services it runs beside them (start/stop). A feature is built from the shared
 * infrastructure, never from another feature. Shaped after Actual Budget's loot-core apps
 * (`createApp`, `combine` refusing clashes) and vxsuite's `buildApi` (services first, feature
 * APIs spread in).
 */
import type { KioskConfig } from '../../src/config.js';
import type { Logger } from '../../src/log/index.js';
import type { KioskStore } from '../../src/store/index.js';
import type { BranchLink } from '../../src/sync/index.js';
import type { RegisteredFlow } from '../../machines/flow.js';
import type { DeviceRegistry } from '../devices.js';

/** What every feature is built from: built once by the composition root. */
export interface Infrastructure {
  readonly config: KioskConfig;
  readonly logger: Logger;
  /** The clock; injectable for tests. */
  readonly now: () => Date;
  readonly store: KioskStore;
  readonly branch: BranchLink;
  readonly devices: DeviceRegistry;
  /** A ticket's follow link, what its QR code carries ('' while there is none: no QR code). */
  readonly followLink: (ticket: { readonly id: string; readonly number: string }) => string;
}

export interface Feature {
  /** The feature's one name in every layer (machines/<name>/, renderer/screens/<name>/...). */
  readonly name: string;
  readonly flows: readonly RegisteredFlow[];
  /** Started after the infrastructure, before the session; stopped in reverse order. */
  start?(): Promise<void> | void;
  /**
   * The embedded branch service finished starting after start() (issue 7: it does not hold up
   * the screen): fetch now what start() could not.
   */
  branchServiceUp?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}

export interface CombinedFeatures {
  readonly flows: readonly RegisteredFlow[];
  start(): Promise<void>;
  branchServiceUp(): Promise<void>;
  stop(onError: (feature: string, error: unknown) => void): Promise<void>;
}

/** Combines features, refusing two with one name or two flows with one id. */
export function combineFeatures(features: readonly Feature[]): CombinedFeatures {
  const names = new Set<string>();
  const flowIds = new Set<string>();
  for (const feature of features) {
    if (names.has(feature.name)) throw new Error(`feature "${feature.name}" is combined twice`);
    names.add(feature.name);
    for (const flow of feature.flows) {
      if (flowIds.has(flow.id)) {
        throw new Error(`flow "${flow.id}" of feature "${feature.name}" is already registered`);
      }
      flowIds.add(flow.id);
    }
  }
  const started: Feature[] = [];
  return {
    flows: features.flatMap((f) => f.flows),
    async start() {
      for (const feature of features) {
        await feature.start?.();
        started.push(feature);
      }
    },
    async branchServiceUp() {
      await Promise.all(started.map((feature) => feature.branchServiceUp?.()));
    },
    async stop(onError) {
      for (const feature of started.splice(0).reverse()) {
        try {
          await feature.stop?.();
        } catch (error) {
          onError(feature.name, error);
        }
      }
    },
  };
}

/**
 * Resolves on the next macrotask: after the session host has published the view of the
 * transition that started the caller (its publish is a microtask, its WebSocket write
 * synchronous). An invoked actor whose first step is a durable commit (better-sqlite3,
 * synchronous = FULL: an fsync) awaits this first, so the "calling / saving / printing" screen
 * goes out before the disk is waited for instead of after it. Nothing is acknowledged earlier:
 * the actor's result, and so the screen that says "done", still follows the commit.
 */
export function afterViewPublished(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
