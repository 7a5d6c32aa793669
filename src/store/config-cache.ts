/**
 * The configuration cache: what the branch service last sent (business types, branch info…),
 * with its ETag and when it was last confirmed, so the kiosk starts and serves offline and the
 * UI can say "as of". Local only: nothing here goes to the outbox.
 */
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';

export interface CachedConfig {
  /** Parsed JSON as cached; unchecked, so validate it (e.g. with validateBranchConfig). */
  readonly value: unknown;
  readonly etag: string | null;
  /** When the branch service last confirmed this value (ISO 8601): the UI's "as of" time. */
  readonly fetchedAt: string;
}

export interface ConfigCache {
  cacheConfig(key: string, value: unknown, etag: string | null): void;
  /** The service answered 304: the cached value is still current as of now. */
  touchCachedConfig(key: string): boolean;
  getCachedConfig(key: string): CachedConfig | undefined;
}

export function createConfigCache(db: Database.Database, now: () => Date): ConfigCache {
  const sql = {
    put: db.prepare(
      `INSERT INTO config_cache (key, json, etag, fetched_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET json = excluded.json, etag = excluded.etag,
         fetched_at = excluded.fetched_at`,
    ),
    touch: db.prepare('UPDATE config_cache SET fetched_at = ? WHERE key = ?'),
    get: db.prepare('SELECT json, etag, fetched_at FROM config_cache WHERE key = ?'),
  };
  return {
    cacheConfig(key, value, etag) {
      const json = JSON.stringify(value);
      if (json === undefined) {
        throw new StoreError('INVALID_ARGUMENT', `cacheConfig(${key}): the value is not JSON.`);
      }
      sql.put.run(key, json, etag, now().toISOString());
    },
    touchCachedConfig(key) {
      return sql.touch.run(now().toISOString(), key).changes > 0;
    },
    getCachedConfig(key) {
      const row = sql.get.get(key) as
        { json: string; etag: string | null; fetched_at: string } | undefined;
      if (row === undefined) return undefined;
      return { value: JSON.parse(row.json) as unknown, etag: row.etag, fetchedAt: row.fetched_at };
    },
  };
}
