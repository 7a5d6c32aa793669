/**
 * Why the store refused or failed. The composition root shows `message` on the technician screen
 * and in the log, so every message says what happened and what to do next; `code` is for code.
 */
export type StoreErrorCode =
  | 'OPEN_FAILED'
  | 'DATA_FOLDER_UNUSABLE'
  | 'CORRUPT'
  | 'MIGRATIONS_NOT_FOUND'
  | 'MIGRATION_FILES_INVALID'
  | 'MIGRATION_HISTORY_MISMATCH'
  | 'DATABASE_NEWER_THAN_SOFTWARE'
  | 'MIGRATION_FAILED'
  | 'KIOSK_ID_MISMATCH'
  | 'TICKET_NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'NOT_IN_TRANSACTION'
  | 'NESTED_TRANSACTION'
  /** No branch number and no leased number left for that queue today (issue 7). */
  | 'NO_NUMBERS_LEFT';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
