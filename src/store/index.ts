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
export { createTicketStore, serviceDayOf, TICKET_ISSUED } from './tickets.js';
export type { TicketStore } from './tickets.js';
export type { CachedConfig, ConfigCache } from './config-cache.js';
export { storeBootEvents, unissuedTicketsEvent } from './boot-events.js';
export type { StoreBootEvent } from './boot-events.js';
export { createFeedbackStore, FEEDBACK_SUBMITTED } from './feedback.js';
export type { FeedbackInput, FeedbackStore, StoredFeedback } from './feedback.js';
export { createTicketLookup } from './ticket-lookup.js';
export type { TicketLookup } from './ticket-lookup.js';
