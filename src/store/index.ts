export { StoreError } from './errors.js';
export type { StoreErrorCode } from './errors.js';
export { findMigrationsDir, loadMigrations, migrate, migrationChecksum } from './migrate.js';
export type { AppliedMigration, Migration, MigrateOptions, MigrateResult } from './migrate.js';
export { DATABASE_FILE_NAME, openStore, serviceDayOf } from './store.js';
export type {
  CachedConfig,
  KioskStore,
  OpenStoreOptions,
  OutboxItem,
  OutboxRejection,
  OutboxState,
  OutboxStats,
  StoreBootReport,
} from './store.js';
