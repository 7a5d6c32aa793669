/**
 * The branch configuration (business types, branch name) from the branch service: fetched with
 * its ETag, cached in the store so the kiosk serves from the last known one while the service is
 * down, confirmed on a 304, refreshed on an interval. Listeners hear of each new configuration.
 */
import { equalJitterBackoff, type BackoffPolicy } from '../backoff.js';
import { checkBranchConfig, type BranchConfig } from '../contract/sync.js';
import { logEvent, logEventRecord, type Logger } from '../log/index.js';
import type { ConfigFetchResult } from './client.js';
import { describeCause, messageOf, SyncError, syncCause } from './errors.js';
import type { BranchLinkStore, CachedConfigRecord } from './ports.js';

/** The store key of the cached branch configuration. */
export const BRANCH_CONFIG_KEY = 'branch-config';

/** What the poller reads the configuration from (BranchServiceClient). */
export interface ConfigFetcher {
  getConfig(etag?: string | null): Promise<ConfigFetchResult>;
}

/** The current branch configuration, as the kiosk's features read it. */
export interface BranchConfigSource {
  /** The last known configuration (fetched, or cached from an earlier run), or null. */
  current(): BranchConfig | null;
  /** Called with each new configuration; returns the unsubscribe. */
  onChange(listener: (config: BranchConfig) => void): () => void;
  /**
   * Where current() comes from: the branch service (fetched now or cached from an earlier run),
   * the bundled default (nothing from the branch yet), or none.
   */
  origin(): ConfigOrigin;
}

export type ConfigOrigin = 'branch' | 'bundled' | 'none';

/** Until a configuration has come from the branch, the fetch is retried this fast (then doubling). */
export const FIRST_FETCH_RETRY_MS = 1_000;

export interface ConfigPollerOptions {
  readonly client: ConfigFetcher;
  readonly store: Pick<BranchLinkStore, 'getCachedConfig' | 'cacheConfig' | 'touchCachedConfig'>;
  readonly logger: Logger;
  /**
   * Served while nothing from the branch is cached or fetched (BUNDLED_BRANCH_CONFIG), and
   * replaced by the branch's first configuration. Without it current() is null until then.
   */
  readonly fallback?: BranchConfig;
  /** Retry while nothing came from the branch: doubling from 1 s, capped at the interval. */
  readonly firstFetchRetryMs?: number;
}

export class BranchConfigPoller implements BranchConfigSource {
  readonly #client: ConfigFetcher;
  readonly #store: ConfigPollerOptions['store'];
  readonly #logger: Logger;
  readonly #listeners = new Set<(config: BranchConfig) => void>();
  #config: BranchConfig | null;
  #origin: ConfigOrigin;
  #etag: string | null;
  readonly #firstFetchRetryMs: number;
  /** Failed fetches in a row (the back-off's attempt while nothing came from the branch). */
  #failures = 0;
  #intervalMs = 0;
  #running = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #refreshing: Promise<void> | null = null;
  /** The failure last logged (its English sentence); null while the service answers. */
  #failing: string | null = null;
  /** The store error last logged; null while the cache reads and writes. */
  #cacheFailing: string | null = null;

  constructor(options: ConfigPollerOptions) {
    this.#client = options.client;
    this.#store = options.store;
    this.#logger = options.logger;
    const cached = this.#readCache();
    const checked = cached === undefined ? null : checkBranchConfig(cached.value);
    this.#config = checked?.ok ? checked.value : null;
    // An unusable cached copy is not offered as current, so a 304 cannot keep it.
    this.#etag = checked?.ok ? (cached?.etag ?? null) : null;
    this.#origin = this.#config !== null ? 'branch' : 'none';
    this.#firstFetchRetryMs = options.firstFetchRetryMs ?? FIRST_FETCH_RETRY_MS;
    if (this.#config === null && options.fallback !== undefined) {
      this.#config = options.fallback;
      this.#origin = 'bundled';
    }
  }

  origin(): ConfigOrigin {
    return this.#origin;
  }

  current(): BranchConfig | null {
    return this.#config;
  }

  onChange(listener: (config: BranchConfig) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Fetches once. Never rejects: a failure of the service or of the store keeps the current
   * configuration and is logged, so the interval timer can never crash the kiosk.
   */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh()
      .catch((error: unknown) => this.#unexpected(error))
      .finally(() => {
        this.#refreshing = null;
      });
    return this.#refreshing;
  }

  /**
   * Refreshes every `intervalMs` until stop(). While nothing has come from the branch (a new or
   * emptied store), sooner: after 1 s, then doubling up to the interval (src/backoff.ts), so a
   * kiosk that started while the service was down leaves the bundled list within seconds of
   * the service's return, not half a minute later.
   */
  start(intervalMs: number): void {
    if (this.#running) return;
    this.#running = true;
    this.#intervalMs = intervalMs;
    this.#schedule();
  }

  #schedule(): void {
    if (!this.#running) return;
    const delay =
      this.#origin === 'branch'
        ? this.#intervalMs
        : equalJitterBackoff(this.#firstFetchPolicy(), Math.max(this.#failures - 1, 0));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      // refresh() never rejects; the catch is a second wall, because a rejection here would
      // end the process (Node's unhandled-rejection default) and take the kiosk down with it.
      this.refresh()
        .catch((error: unknown) => this.#unexpected(error))
        .finally(() => this.#schedule());
    }, delay);
  }

  #firstFetchPolicy(): BackoffPolicy {
    const maxMs = this.#intervalMs;
    return { initialMs: Math.min(this.#firstFetchRetryMs, maxMs), maxMs };
  }

  /** Stops the timer and waits for a fetch in flight, so nothing touches the store after. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#refreshing;
  }

  async #refresh(): Promise<void> {
    let result: ConfigFetchResult;
    try {
      result = await this.#client.getConfig(this.#etag);
    } catch (error) {
      this.#failures++;
      this.#unavailable(error);
      // Said once, when the bundled list is really what the customers get: the first fetch
      // failed and nothing from the branch is cached.
      if (this.#origin === 'bundled' && this.#failures === 1) {
        logEvent(this.#logger, 'sync.configBundled', {
          businessTypes: this.#config?.businessTypes.length ?? 0,
        });
      }
      return;
    }
    this.#failures = 0;
    if (this.#failing !== null) {
      this.#failing = null;
      logEvent(this.#logger, 'sync.configReachable', {});
    }
    if (result.status === 'not-modified') {
      this.#writeCache(() => this.#store.touchCachedConfig(BRANCH_CONFIG_KEY));
      return;
    }
    // Served even when the cache cannot be written: the fresh configuration is good, only its
    // copy for the next start is missing. The ETag is kept either way: after a restart the
    // older cached copy goes out with its own ETag, and the service sends the new one again.
    this.#writeCache(() => this.#store.cacheConfig(BRANCH_CONFIG_KEY, result.config, result.etag));
    this.#etag = result.etag;
    this.#config = result.config;
    this.#origin = 'branch';
    logEvent(this.#logger, 'sync.configUpdated', {
      businessTypes: result.config.businessTypes.length,
      etag: result.etag,
    });
    for (const listener of this.#listeners) {
      try {
        listener(result.config);
      } catch {
        // One listener's failure must not keep the configuration from the others.
      }
    }
  }

  /** The service did not give a configuration: logged once per distinct reason. */
  #unavailable(error: unknown): void {
    const cause =
      error instanceof SyncError
        ? error.toCause()
        : syncCause('unexpectedFailure', { error: messageOf(error) });
    const key = describeCause(cause);
    if (this.#failing === key) return;
    this.#failing = key;
    const cachedAt = this.#readCache()?.fetchedAt ?? 'never';
    logEvent(this.#logger, 'sync.configUnavailable', { code: cause.code, cachedAt });
    logEventRecord(this.#logger, cause);
  }

  /** The cached record, or undefined when there is none or the store cannot read it (logged). */
  #readCache(): CachedConfigRecord | undefined {
    try {
      return this.#store.getCachedConfig(BRANCH_CONFIG_KEY);
    } catch (error) {
      this.#cacheFailed(error);
      return undefined;
    }
  }

  #writeCache(write: () => unknown): void {
    try {
      write();
      this.#cacheFailing = null;
    } catch (error) {
      this.#cacheFailed(error);
    }
  }

  /** A store failure (disk, lock): logged once per distinct error, the configuration kept. */
  #cacheFailed(error: unknown): void {
    const message = messageOf(error);
    if (this.#cacheFailing === message) return;
    this.#cacheFailing = message;
    logEvent(this.#logger, 'sync.configCacheFailed', { error: message });
  }

  /** A bug, not a failure of the service or the store: logged, never thrown into a timer. */
  #unexpected(error: unknown): void {
    try {
      logEvent(this.#logger, 'sync.configRefreshFailed', { error: messageOf(error) });
    } catch {
      // Nothing is left to tell; the kiosk keeps serving the configuration it has.
    }
  }
}
