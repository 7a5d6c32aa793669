export { StoreError } from './errors.js';
export type { StoreErrorCode } from './errors.js';
export { findMigrationsDir, loadMigrations, migrate, migrationChecksum } from './migrate.js';
export type { AppliedMigration, Migration, MigrateOptions, MigrateResult } from './migrate.js';
export { openStore } from './store.js';
export type { KioskStore } from './store.js';
export { DATABASE_FILE_NAME } from './open.js';
export type { OpenStoreOptions, StoreBootReport } from './open.js';
export { DATA_FOLDER_MODE, DATABASE_FILE_MODE } from './data-folder.js';
export type { DataFolderReport, NotPrivatePath } from './data-folder.js';
export type { StoreContext, StoreTx, StoreWrite } from './transaction.js';
export { appendOutbox } from './outbox.js';
export type {
  AppendedOutboxItem,
  OutboxBatchLimits,
  OutboxItem,
  OutboxRejection,
  OutboxState,
  OutboxStats,
} from './outbox.js';
export { createTicketStore, serviceDayOf, TICKET_ISSUED, TICKET_VOIDED } from './tickets.js';
export type {
  BranchNumber,
  NumberRequestRecord,
  ReserveTicketInput,
  TicketStore,
} from './tickets.js';
export type { BlockNumber, NumberBlock, NumberBlockStore } from './number-blocks.js';
export type { CachedConfig, ConfigCache } from './config-cache.js';
export type { QuarantinedOutboxItem, QuarantineOrigin } from './quarantine.js';
export type { RetiredBlock, SalvageReport } from './salvage.js';
export { checkpointWal, WAL_SIZE_LIMIT_BYTES } from './open.js';
export {
  checkpointPassive,
  configureWal,
  DEFAULT_IDLE_CHECKPOINT_COMMITS,
  DEFAULT_IDLE_CHECKPOINT_MS,
  IdleCheckpoint,
  WAL_CHECKPOINT_FRAMES,
  walBytes,
} from './wal-checkpoint.js';
export type { CheckpointResult, IdleCheckpointOptions } from './wal-checkpoint.js';
export {
  quarantinedItemEvent,
  storeBootEvents,
  storeHealthEvent,
  unissuedTicketsEvent,
} from './boot-events.js';
export type { StoreBootEvent } from './boot-events.js';
export {
  DEFAULT_MIN_FREE_BYTES,
  DEFAULT_SPACE_CHECK_MS,
  isSpaceOrMediaError,
  StoreSpaceWatch,
} from './space-watch.js';
export type { SpaceWatchOptions, StoreHealth, StoreProblem } from './space-watch.js';
export { createTicketCustomerStore } from './ticket-customers.js';
export { createCustomerKeyStore } from './customer-key.js';
export type { BranchCustomerKey, CustomerKeyStore } from './customer-key.js';
export type { TicketCustomerStore } from './ticket-customers.js';
export { DEVICE_SECRET_FILE, loadDeviceSecret } from './device-secret.js';
export { createFeedbackStore, FEEDBACK_SUBMITTED } from './feedback.js';
export type { FeedbackInput, FeedbackStore, StoredFeedback } from './feedback.js';
export { createTicketLookup } from './ticket-lookup.js';
export type { TicketLookup } from './ticket-lookup.js';
export {
  createPersonalDataSealer,
  deviceKeyId,
  DEVICE_KEY_BYTES,
  SEALED_VERSION,
} from './personal-data.js';
export type { DeviceKeyProvider, PersonalDataSealer } from './personal-data.js';
export {
  electronDeviceKey,
  fileDeviceKey,
  PERSONAL_DATA_KEY_FILE,
  PERSONAL_DATA_SAFE_KEY_FILE,
  safeStorageDeviceKey,
} from './personal-data-key.js';
export type { SafeStorageLike } from './personal-data-key.js';
export {
  createPersonalDataPurge,
  DEFAULT_PURGE_AFTER_MS,
  DEFAULT_PURGE_INTERVAL_MS,
} from './personal-data-purge.js';
export type {
  PersonalDataPurge,
  PersonalDataPurgeOptions,
  PurgeReport,
} from './personal-data-purge.js';
export { createReminderStore, REMINDER_REQUESTED } from './reminder.js';
export type {
  ReminderInput,
  ReminderPurgeReport,
  ReminderStore,
  StoredReminder,
} from './reminder.js';
