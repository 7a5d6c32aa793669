import type { BranchServiceEnv } from './config.js';
import type { BranchDatabaseOption } from './server.js';

/** The database the environment names: a PostgreSQL URL, else PGlite (in a folder or memory). */
export function databaseFromEnv(env: BranchServiceEnv): BranchDatabaseOption {
  return env.databaseUrl !== undefined
    ? { kind: 'postgres', url: env.databaseUrl }
    : { kind: 'pglite', dataDir: env.dataDir };
}

/** Where the database is, for a log line: never the URL's password. */
export function describeDatabase(env: BranchServiceEnv): string {
  if (env.databaseUrl !== undefined) {
    try {
      const url = new URL(env.databaseUrl);
      return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`;
    } catch {
      return 'PostgreSQL (BRANCH_SERVICE_DATABASE_URL)';
    }
  }
  return env.dataDir ?? 'in memory';
}
