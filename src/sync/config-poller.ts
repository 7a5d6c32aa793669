/**
 * The branch configuration (business types, branch name) from the branch service: fetched with
 * its ETag, cached in the store so the kiosk serves from the last known one while the service is
 * down, confirmed on a 304, refreshed on an interval. Listeners hear of each new configuration.
 */
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
}

export interface ConfigPollerOptions {
  readonly client: ConfigFetcher;
  readonly store: Pick<BranchLinkStore, 'getCachedConfig' | 'cacheConfig' | 'touchCachedConfig'>;
  readonly logger: Logger;
}

export class BranchConfigPoller implements BranchConfigSource {
  readonly #client: ConfigFetcher;
  readonly #store: ConfigPollerOptions['store'];
  readonly #logger: Logger;
  readonly #listeners = new Set<(config: BranchConfig) => void>();
  #config: BranchConfig | null;
  #etag: string | null;
  #timer: ReturnType<typeof setInterval> | null = null;
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

  /** Refreshes every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    if (this.#timer !== null) return;
    // refresh() never rejects; the catch is a second wall, because a rejection here would end
    // the process (Node's unhandled-rejection default) and take the kiosk down with it.
    this.#timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.#unexpected(error));
    }, intervalMs);
  }

  /** Stops the interval and waits for a fetch in flight, so nothing touches the store after. */
  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    await this.#refreshing;
  }

  async #refresh(): Promise<void> {
    let result: ConfigFetchResult;
    try {
      result = await this.#client.getConfig(this.#etag);
    } catch (error) {
      this.#unavailable(error);
      return;
    }
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
