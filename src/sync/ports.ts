/**
 * What the branch link needs from the kiosk's store and from the branch service client, as
 * narrow interfaces: the kiosk store (src/store) satisfies them structurally, so this folder
 * does not depend on how the store is organised inside.
 */
import type { BatchRequest, BatchResponse, OutboxItemWire } from '../contract/sync.js';

/**
 * A pending outbox row as the worker sends it: the wire item (the store's rows carry more), and
 * the item's JSON text when the store has it, spliced into the batch body as it is.
 */
export type PendingOutboxItem = OutboxItemWire & { readonly itemJson?: string | undefined };

export interface OutboxCounts {
  readonly pending: number;
  readonly rejected: number;
  /** created_at of the oldest pending item: how far behind the branch is. */
  readonly oldestPendingAt: string | null;
}

/** The part of the store the worker uses (KioskStore satisfies it). */
export interface OutboxPort {
  readonly kioskId: string;
  nextOutboxBatch(limits: {
    readonly maxItems: number;
    readonly maxBytes: number;
  }): readonly PendingOutboxItem[];
  markOutboxAcked(ids: readonly string[]): number;
  markOutboxRejected(id: string, reason: string): boolean;
  recordOutboxAttempt(ids: readonly string[], error: string | null): void;
  outboxStats(): OutboxCounts;
  /** When present the worker subscribes while started, so new items go out without a kick(). */
  onOutboxAppended?(listener: () => void): () => void;
}

/** A rejected outbox item, newest first, as the technician is told about it. */
export interface OutboxRejectionRecord {
  readonly id: string;
  readonly kind: string;
  readonly reason: string;
}

/** A cached configuration value with the time the branch service last confirmed it. */
export interface CachedConfigRecord {
  /** As cached; unchecked. */
  readonly value: unknown;
  readonly etag: string | null;
  readonly fetchedAt: string;
}

/** The store as the branch link uses it: the outbox, its rejections, the configuration cache. */
export interface BranchLinkStore extends OutboxPort {
  /** The most recent rejections, newest first. */
  outboxRejections(limit?: number): readonly OutboxRejectionRecord[];
  getCachedConfig(key: string): CachedConfigRecord | undefined;
  cacheConfig(key: string, value: unknown, etag: string | null): void;
  /** The service answered 304: the cached value is still current as of now. */
  touchCachedConfig(key: string): boolean;
}

/** The part of BranchServiceClient the worker uses; must throw SyncError on failure. */
export interface BatchSender {
  pushBatch(request: BatchRequest): Promise<BatchResponse>;
}
