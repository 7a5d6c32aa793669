import { PGlite } from '@electric-sql/pglite';

/** Runs one SQL statement with $1… parameters and returns its rows. */
export interface SqlExecutor {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/**
 * The little the service needs from PostgreSQL, so a pooled `pg` server can replace the
 * embedded PGlite without touching the handlers. `exec` runs a multi-statement script (the
 * schema), which `query` (extended protocol, one statement) cannot.
 */
export interface BranchDatabase extends SqlExecutor {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** Embedded PostgreSQL. `dataDir` undefined = in memory (tests, demos): gone on close. */
export async function openPglite(dataDir?: string): Promise<BranchDatabase> {
  const pg = dataDir === undefined ? await PGlite.create() : await PGlite.create({ dataDir });
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
