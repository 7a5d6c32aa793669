/**
 * The branch configuration (business types, branch name) from the branch service: fetched with
 * its ETag, cached in the store so the kiosk serves from the last known one while the service is
 * down, confirmed on a 304, refreshed on an interval. Listeners hear of each new configuration.
 */
import { checkBranchConfig, type BranchConfig } from '../contract/sync.js';
import { logEvent, type Logger } from '../log/index.js';
import type { ConfigFetchResult } from './client.js';
import type { BranchLinkStore } from './ports.js';

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
  /** The reason last logged while failing; null while the service answers. */
  #failing: string | null = null;

  constructor(options: ConfigPollerOptions) {
    this.#client = options.client;
    this.#store = options.store;
    this.#logger = options.logger;
    const cached = this.#store.getCachedConfig(BRANCH_CONFIG_KEY);
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

  /** Fetches once; never throws (a failure keeps the cached configuration and is logged). */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  /** Refreshes every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => void this.refresh(), intervalMs);
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
      if (result.status === 'not-modified') {
        this.#store.touchCachedConfig(BRANCH_CONFIG_KEY);
      } else {
        this.#store.cacheConfig(BRANCH_CONFIG_KEY, result.config, result.etag);
      }
    } catch (error) {
      const reason = (error as Error).message;
      if (this.#failing !== reason) {
        this.#failing = reason;
        const cachedAt = this.#store.getCachedConfig(BRANCH_CONFIG_KEY)?.fetchedAt ?? 'never';
        logEvent(this.#logger, 'sync.configUnavailable', { reason, cachedAt });
      }
      return;
    }
    if (this.#failing !== null) {
      this.#failing = null;
      logEvent(this.#logger, 'sync.configReachable', {});
    }
    if (result.status === 'not-modified') return;
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
}
