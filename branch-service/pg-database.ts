/**
 * BranchDatabase on a PostgreSQL server through a `pg` connection pool: what a bank runs, and
 * what several service instances share. Connection settings come from a URL
 * (postgres://user:password@host:port/database) or a pg PoolConfig.
 */
import pg from 'pg';
import type { BranchDatabase, SqlExecutor } from './db.js';

/** Any key: one number the service instances agree on while one of them applies the schema. */
const SCHEMA_LOCK_KEY = 0x6b696f736b; // "kiosk"

export interface PgDatabaseOptions {
  /** postgres://… or a full pg PoolConfig. */
  readonly connection: string | pg.PoolConfig;
  /** Largest number of connections this instance opens. Default 10. */
  readonly maxConnections?: number;
}

export function openPgDatabase(options: PgDatabaseOptions): BranchDatabase {
  const config: pg.PoolConfig =
    typeof options.connection === 'string'
      ? { connectionString: options.connection }
      : options.connection;
  const pool = new pg.Pool({
    max: options.maxConnections ?? 10,
    // A statement that hangs (a lock held by a crashed peer) ends as an error, answered 500,
    // and the kiosk retries: better than a request that never answers.
    statement_timeout: 15_000,
    ...config,
  });
  // An idle client losing its connection (server restart) must not crash the process: the pool
  // drops it and opens another on the next query.
  pool.on('error', () => undefined);
  let closed: Promise<void> | null = null;

  const executor = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, [...params]);
      return result.rows as T[];
    },
  });

  return {
    ...executor(pool),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        try {
          const result = await work(executor(client));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch((rollbackFailed: Error) => {
            broken = rollbackFailed; // the connection is unusable: the pool must not reuse it
          });
          throw err;
        }
      } finally {
        client.release(broken);
      }
    },
    async exec(script: string): Promise<void> {
      const client = await pool.connect();
      try {
        // CREATE … IF NOT EXISTS is not safe against a concurrent twin (both see "missing"):
        // instances starting together take turns.
        await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK_KEY]);
        try {
          await client.query(script); // no parameters: the simple protocol runs every statement
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
