export { BranchServiceClient, SyncError } from './client.js';
export type { BranchServiceClientOptions, ConfigFetchResult, SyncErrorKind } from './client.js';
export { SyncWorker } from './worker.js';
export type {
  BatchSender,
  OutboxPort,
  SyncOutcome,
  SyncResult,
  SyncState,
  SyncStatus,
  SyncWorkerOptions,
} from './worker.js';
