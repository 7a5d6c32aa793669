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
  /** The disk holding the data folder is full: the kiosk retries by itself once space returns. */
  | 'DISK_FULL'
  /** The data folder's disk refuses writes (mounted read-only). */
  | 'READ_ONLY_MEDIA'
  /** No branch number and no leased number left for that queue today (issue 7). */
  | 'NO_NUMBERS_LEFT'
  /** Sealed personal data that does not open (another device key, altered, wrong row). */
  | 'PERSONAL_DATA';

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

/** The store errors that mean "the disk cannot take this write", not a bug or a lock. */
export function isSpaceOrMediaError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN)/.test(code);
}
