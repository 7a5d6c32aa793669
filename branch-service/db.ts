import { openPgliteDataDir } from './pglite-template.js';

/** Runs one SQL statement with $1… parameters and returns its rows. */
export interface SqlExecutor {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/**
 * The little the service needs from PostgreSQL, so a pooled `pg` server (./pg-database.ts) and
 * the embedded PGlite serve the same handlers. `exec` runs a multi-statement script (the
 * schema), which `query` (extended protocol, one statement) cannot.
 */
export interface BranchDatabase extends SqlExecutor {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Runs a multi-statement script. Several service instances may start at once on one
   * database: an implementation shared between processes serialises scripts (advisory lock).
   */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Embedded PostgreSQL. `dataDir` undefined = in memory (tests, demos): gone on close. A fresh
 * cluster (folder or memory) starts from the pre-initialised database (./pglite-template.ts).
 */
export async function openPglite(dataDir?: string): Promise<BranchDatabase> {
  const pg = await openPgliteDataDir(dataDir);
  // PGlite is one connection: queries and transactions are serialised by its own mutex, so
  // concurrent requests never interleave inside a transaction.
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return (await pg.query<T>(sql, [...params])).rows;
    },
    transaction<T>(work: (tx: SqlExecutor) => Promise<T>) {
      return pg.transaction((tx) =>
        work({
          async query<R>(sql: string, params: readonly unknown[] = []) {
            return (await tx.query<R>(sql, [...params])).rows;
          },
        }),
      );
    },
    async exec(script: string) {
      await pg.exec(script);
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}

/** The SQLSTATE of a database error (PGlite and `pg` both carry it as `code`), if any. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Whether the database refused the data itself, so sending it again can never succeed: class 22
 * (data exception: NUL in text, a date out of range, a number too large, bad JSON text), the
 * constraint violations a value alone causes (23502 not null, 23514 check), and class 54 (a
 * value beyond a program limit, e.g. JSON nested too deep). Everything else (connection lost,
 * serialization failure, deadlock, disk full) may pass on a retry.
 */
export function isDataRefusal(err: unknown): boolean {
  const state = sqlState(err);
  if (state === undefined) return false;
  return state.startsWith('22') || state.startsWith('54') || state === '23502' || state === '23514';
}
