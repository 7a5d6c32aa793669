export { BranchServiceClient } from './client.js';
export type { BranchServiceClientOptions, ConfigFetchResult } from './client.js';
export { SYNC_ERROR_EVENTS, SyncError, describeCause, syncCause } from './errors.js';
export type {
  SyncCause,
  SyncErrorCode,
  SyncErrorEvent,
  SyncErrorFields,
  SyncErrorKind,
} from './errors.js';
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
export { createBranchLink, MIN_CONFIG_INTERVAL_MS, QUEUE_STATUS_INTERVAL_MS } from './link.js';
export type { BranchLink, BranchLinkOptions } from './link.js';
export { BRANCH_CONFIG_KEY, BranchConfigPoller } from './config-poller.js';
export type {
  BranchConfigSource,
  ConfigFetcher,
  ConfigOrigin,
  ConfigPollerOptions,
} from './config-poller.js';
export { FIRST_FETCH_RETRY_MS } from './config-poller.js';
export { BUNDLED_BRANCH_CONFIG } from './bundled-config.js';
export { syncReporter } from './report.js';
export type { SyncReportOptions } from './report.js';
export {
  DEFAULT_QUEUE_STATUS_STALE_MS,
  QUEUE_STATUS_KEY,
  QueueStatusPoller,
  estimateForAhead,
  estimateWithExtra,
} from './queue-status.js';
export type {
  AllocatedNumber,
  QueueStatusFetcher,
  QueueStatusOptions,
  QueueWaitBasis,
} from './queue-status.js';
