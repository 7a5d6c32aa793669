export { BranchServiceClient, SyncError } from './client.js';
export type { BranchServiceClientOptions, ConfigFetchResult, SyncErrorKind } from './client.js';
export { SyncWorker } from './worker.js';
export type { SyncState, SyncStatus, SyncWorkerOptions } from './worker.js';
export type { SyncOutcome, SyncResult } from './drain.js';
export type {
  BatchSender,
  BranchLinkStore,
  CachedConfigRecord,
  OutboxCounts,
  OutboxPort,
  OutboxRejectionRecord,
  PendingOutboxItem,
} from './ports.js';
