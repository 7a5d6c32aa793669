/**
 * Kiosk configuration: one JSON file, every field optional, defaults that run the whole product
 * on one machine (simulated printer, embedded branch service, data in ./.kiosk-data).
 *
 * A bank's IT staff edit this file by hand on site, so every mistake gets a message that names
 * the file, the field and what is expected; nothing is silently ignored (an unknown key is an
 * error: it is usually a typo of a real one).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, Reader, type Json } from './config-reader.js';
import type { Language } from './domain/business-type.js';
import { parseDeviceConfig, type IdReaderConfig, type PrinterConfig } from './config-devices.js';

export { ConfigError };
export type {
  IdReaderConfig,
  PrinterCapabilities,
  PrinterConfig,
  SerialDeviceConfig,
} from './config-devices.js';

export type BranchServiceConfig =
  | {
      readonly kind: 'embedded';
      readonly port: number;
      /**
       * The branch configuration file the embedded service serves (absolute; see
       * branch-service/branch-config-file.ts and README, "Configuring a branch"), re-read when
       * it changes. Absent: the sample configuration, with a warning in the log.
       */
      readonly branchConfigFile?: string;
    }
  | { readonly kind: 'remote'; readonly url: string };

export interface KioskConfig {
  /** Where the database, device key and logs live. */
  readonly dataDir: string;
  readonly kioskId: string;
  /** This kiosk's credential towards the branch service. Never logged, never sent to the renderer. */
  readonly kioskToken: string;
  readonly defaultLanguage: Language;
  readonly printer: PrinterConfig;
  readonly idReader: IdReaderConfig;
  readonly branchService: BranchServiceConfig;
  readonly shell: {
    /** The browser shell listens here; 127.0.0.1 only, by design. */
    readonly port: number;
    /** Start Chromium in kiosk mode when it is installed and a display is present. */
    readonly launchBrowser: boolean;
  };
  readonly session: { readonly inactivityMs: number; readonly warningMs: number };
  /**
   * The public address of the branch's "follow my ticket" page, which customers' phones open from
   * the ticket's QR code (<this>/t/<ticket id>?n=…&k=…). Absent (the default): the branch
   * service's own page (branch-service/follow-routes.ts) at the address the kiosk reaches it
   * by. For the embedded service on port 0 that address is only known once it listens; a
   * ticket printed before then has no QR code rather than a dead one. A phone on the branch's
   * guest network reaches neither 127.0.0.1 nor usually the branch LAN: a real branch sets this
   * to the address its reverse proxy publishes the page at (README, "What a branch configures").
   */
  readonly ticketQrBaseUrl?: string;
  readonly sync: {
    /** The sync worker's safety-net look at the outbox while idle. */
    readonly intervalMs: number;
    /**
     * How long delivery waits, while the branch service refuses this kiosk (a bad or revoked
     * credential, a wrong URL: 401/403/404), before trying again by itself: a draw from
     * [½, 1] × this. New tickets do not shorten it; a fix on the service side is picked up
     * within it. Default 5 min (also when absent: optional, so configurations built in code
     * before this key existed stay valid).
     */
    readonly blockedRetryMs?: number;
    /**
     * The most a kiosk with a remote branch service waits, at random, before its first request
     * for offline number blocks (uniform in [0, this)): when power returns to a branch, its
     * kiosks start together and would otherwise all ask in the same second. Nobody waits for
     * it: online, the branch numbers the tickets. 0: at once (tests). Default 10 s
     * (DEFAULT_LEASE_START_JITTER_MS_CONFIG); optional, like blockedRetryMs.
     */
    readonly leaseStartJitterMs?: number;
  };
  /** The store's space watch: below minFreeBytes free the kiosk takes no tickets. */
  readonly storage: { readonly minFreeBytes: number; readonly checkIntervalMs: number };
  /**
   * Guide assistance: the staff PIN that unlocks assisted mode, as `scrypt$<salt hex>$<key hex>`
   * (N=16384, r=8, p=1; `hashPin` in src/staff-pin.ts). Never the PIN itself. Absent:
   * the development default (DEV_GUIDE_PIN_HASH).
   */
  readonly guide?: { readonly pinHash: string };
  /**
   * Personal data (issue 7, PIPL: keep briefly): how long after the branch service acknowledged
   * an item its personal fields (feedback comment, the ticket's card key) are kept. Optional, so
   * configurations built in code before this key existed stay valid; default a day
   * (DEFAULT_PURGE_AFTER_MS_CONFIG).
   */
  readonly privacy?: { readonly purgeAfterMs: number };
}

/**
 * DEVELOPMENT ONLY: the hash of the staff PIN 2580, so `npm start` can show assisted mode. A
 * configuration with a remote branch service must set its own `guide.pinHash`: this one is
 * refused there, like the development kiosk identity.
 */
export const DEV_GUIDE_PIN_HASH =
  'scrypt$6b696f736b2d6465762d677569646521$0e2aab57a2ca24d1bd4c46cc05b147891a0852f0d4fd86142109b5701f62d2cc';
const PIN_HASH = /^scrypt\$[0-9a-f]{16,}\$[0-9a-f]{32,}$/;

/** See KioskConfig.privacy.purgeAfterMs (the store's DEFAULT_PURGE_AFTER_MS). */
export const DEFAULT_PURGE_AFTER_MS_CONFIG = 86_400_000;

/** See KioskConfig.sync.blockedRetryMs. */
export const DEFAULT_BLOCKED_RETRY_MS = 300_000;
/** See KioskConfig.sync.leaseStartJitterMs (the lease keeper's DEFAULT_LEASE_START_JITTER_MS). */
export const DEFAULT_LEASE_START_JITTER_MS_CONFIG = 10_000;

export function defaultConfig(cwd: string = process.cwd()): KioskConfig {
  return {
    dataDir: path.resolve(cwd, '.kiosk-data'),
    kioskId: 'kiosk-dev',
    kioskToken: 'dev-token',
    defaultLanguage: 'zh-CN',
    printer: { kind: 'simulated' },
    idReader: { kind: 'simulated' },
    branchService: { kind: 'embedded', port: 0 },
    shell: { port: 8080, launchBrowser: true },
    session: { inactivityMs: 60_000, warningMs: 15_000 },
    sync: { intervalMs: 5_000, blockedRetryMs: DEFAULT_BLOCKED_RETRY_MS },
    storage: { minFreeBytes: 8 * 1024 * 1024, checkIntervalMs: 15_000 },
    guide: { pinHash: DEV_GUIDE_PIN_HASH },
    privacy: { purgeAfterMs: DEFAULT_PURGE_AFTER_MS_CONFIG },
  };
}

/** Validates parsed JSON into a config; relative paths resolve against `baseDir`. */
export function parseConfig(raw: unknown, file: string | null, baseDir: string): KioskConfig {
  const d = defaultConfig(baseDir);
  // Explicitly typed so TypeScript sees that r.fail() never returns (control-flow narrowing).
  const r: Reader = new Reader(file);
  const top = r.object(raw as Json, '', [
    'dataDir',
    'kioskId',
    'kioskToken',
    'defaultLanguage',
    'printer',
    'idReader',
    'branchService',
    'shell',
    'session',
    'ticketQrBaseUrl',
    'sync',
    'storage',
    'guide',
    'privacy',
  ]);

  const language = r.string(top.defaultLanguage, 'defaultLanguage', d.defaultLanguage);
  if (language !== 'zh-CN' && language !== 'en')
    r.fail('defaultLanguage', '"zh-CN" or "en"', language);

  const { printer, idReader } = parseDeviceConfig(r, file, top);

  const bsRaw = r.object(top.branchService, 'branchService', [
    'kind',
    'url',
    'port',
    'allowInsecureHttp',
    'branchConfigFile',
  ]);
  const bsKind = r.string(bsRaw.kind, 'branchService.kind', 'embedded');
  let branchService: BranchServiceConfig;
  if (bsKind === 'embedded') {
    const branchConfigFile =
      bsRaw.branchConfigFile === undefined
        ? undefined
        : r.string(bsRaw.branchConfigFile, 'branchService.branchConfigFile', '');
    branchService = {
      kind: 'embedded',
      port: r.integer(bsRaw.port, 'branchService.port', 0, 0, 65535),
      // Relative to this file's folder, like dataDir: the kiosk may be started from anywhere.
      ...(branchConfigFile === undefined
        ? {}
        : { branchConfigFile: path.resolve(baseDir, branchConfigFile) }),
    };
  } else if (bsKind === 'remote') {
    // A remote service serves its own file: this kiosk would silently not use it.
    if (bsRaw.branchConfigFile !== undefined) {
      throw new ConfigError(
        file,
        '"branchService.branchConfigFile" is for the embedded branch service only: the remote ' +
          "service reads its own (BRANCH_SERVICE_BRANCH_CONFIG on the service's host).",
      );
    }
    const url = r.string(bsRaw.url, 'branchService.url', '');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      r.fail('branchService.url', 'an absolute URL such as "https://branch.example/"', url);
    }
    // The kiosk's credential travels with every request: never in clear over the branch LAN.
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
    const insecure = r.boolean(bsRaw.allowInsecureHttp, 'branchService.allowInsecureHttp', false);
    if (parsed.protocol !== 'https:' && !loopback && !insecure) {
      throw new ConfigError(
        file,
        `"branchService.url" must use https (got ${url}); set "branchService.allowInsecureHttp": true only on a test bench.`,
      );
    }
    // A real branch service must know this kiosk: the development identity is refused.
    for (const key of ['kioskId', 'kioskToken'] as const) {
      if (top[key] === undefined || top[key] === d[key]) {
        throw new ConfigError(
          file,
          `"${key}" is required with a remote branch service: use the identity provisioned for this terminal.`,
        );
      }
    }
    // Nor may a real branch's kiosks share the development staff PIN.
    const guideRaw = r.object(top.guide, 'guide', ['pinHash']);
    if (guideRaw.pinHash === undefined || guideRaw.pinHash === DEV_GUIDE_PIN_HASH) {
      throw new ConfigError(
        file,
        '"guide.pinHash" is required with a remote branch service: hash the branch\'s staff PIN (scrypt$<salt hex>$<key hex>).',
      );
    }
    branchService = { kind: 'remote', url };
  } else r.fail('branchService.kind', '"embedded" or "remote"', bsKind);

  const shellRaw = r.object(top.shell, 'shell', ['port', 'launchBrowser']);
  const sessionRaw = r.object(top.session, 'session', ['inactivityMs', 'warningMs']);
  const syncRaw = r.object(top.sync, 'sync', [
    'intervalMs',
    'blockedRetryMs',
    'leaseStartJitterMs',
  ]);
  const storageRaw = r.object(top.storage, 'storage', ['minFreeBytes', 'checkIntervalMs']);
  const pinHash = r.string(
    r.object(top.guide, 'guide', ['pinHash']).pinHash,
    'guide.pinHash',
    DEV_GUIDE_PIN_HASH,
  );
  if (!PIN_HASH.test(pinHash)) {
    r.fail('guide.pinHash', '"scrypt$<salt hex>$<key hex>" (lower-case hex)', '(not shown)');
  }
  const privacyRaw = r.object(top.privacy, 'privacy', ['purgeAfterMs']);
  const qr =
    top.ticketQrBaseUrl === undefined
      ? undefined
      : r.string(top.ticketQrBaseUrl, 'ticketQrBaseUrl', '');
  if (qr !== undefined) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(qr);
    } catch {
      // reported below
    }
    if (parsed === null || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
      r.fail(
        'ticketQrBaseUrl',
        'an absolute http(s) URL such as "https://queue.bank.example/"',
        qr,
      );
    }
  }

  return {
    dataDir: path.resolve(baseDir, r.string(top.dataDir, 'dataDir', d.dataDir)),
    kioskId: r.string(top.kioskId, 'kioskId', d.kioskId),
    kioskToken: r.string(top.kioskToken, 'kioskToken', d.kioskToken),
    defaultLanguage: language,
    printer,
    idReader,
    branchService,
    shell: {
      port: r.integer(shellRaw.port, 'shell.port', d.shell.port, 0, 65535),
      launchBrowser: r.boolean(
        shellRaw.launchBrowser,
        'shell.launchBrowser',
        d.shell.launchBrowser,
      ),
    },
    session: {
      inactivityMs: r.integer(
        sessionRaw.inactivityMs,
        'session.inactivityMs',
        d.session.inactivityMs,
        5_000,
        3_600_000,
      ),
      warningMs: r.integer(
        sessionRaw.warningMs,
        'session.warningMs',
        d.session.warningMs,
        3_000,
        600_000,
      ),
    },
    ...(qr === undefined ? {} : { ticketQrBaseUrl: qr }),
    sync: {
      intervalMs: r.integer(
        syncRaw.intervalMs,
        'sync.intervalMs',
        d.sync.intervalMs,
        200,
        3_600_000,
      ),
      blockedRetryMs: r.integer(
        syncRaw.blockedRetryMs,
        'sync.blockedRetryMs',
        d.sync.blockedRetryMs ?? DEFAULT_BLOCKED_RETRY_MS,
        1_000,
        86_400_000,
      ),
      // Only when set: absent, the default applies where it is used (the ticket feature).
      ...(syncRaw.leaseStartJitterMs === undefined
        ? {}
        : {
            leaseStartJitterMs: r.integer(
              syncRaw.leaseStartJitterMs,
              'sync.leaseStartJitterMs',
              DEFAULT_LEASE_START_JITTER_MS_CONFIG,
              0,
              600_000,
            ),
          }),
    },
    storage: {
      minFreeBytes: r.integer(
        storageRaw.minFreeBytes,
        'storage.minFreeBytes',
        d.storage.minFreeBytes,
        0,
        Number.MAX_SAFE_INTEGER,
      ),
      checkIntervalMs: r.integer(
        storageRaw.checkIntervalMs,
        'storage.checkIntervalMs',
        d.storage.checkIntervalMs,
        100,
        3_600_000,
      ),
    },
    guide: { pinHash },
    privacy: {
      // At least a second; at most 30 days: PIPL asks for the shortest time the purpose needs.
      purgeAfterMs: r.integer(
        privacyRaw.purgeAfterMs,
        'privacy.purgeAfterMs',
        d.privacy?.purgeAfterMs ?? DEFAULT_PURGE_AFTER_MS_CONFIG,
        1_000,
        30 * 86_400_000,
      ),
    },
  };
}

/**
 * Loads the configuration. `file` is given explicitly (KIOSK_CONFIG): then it must exist.
 * Without it, `kiosk.config.json` in `cwd` is used when present, else the defaults.
 */
export function loadConfig(options: { file?: string | undefined; cwd?: string } = {}): KioskConfig {
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.file !== undefined && options.file !== '';
  const file = path.resolve(cwd, explicit ? options.file! : 'kiosk.config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return defaultConfig(cwd);
    if (code === 'ENOENT') {
      throw new ConfigError(
        file,
        'file not found. Check KIOSK_CONFIG, or unset it to run on the defaults.',
      );
    }
    throw new ConfigError(
      file,
      `cannot be read (${code ?? String(error)}). Check its permissions.`,
    );
  }
  // Windows Notepad saves UTF-8 with a byte-order mark, which JSON.parse refuses: the file is
  // fine, so the mark is dropped rather than sending a technician after an invisible character.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      file,
      `is not valid JSON (${(error as Error).message}). Fix the file or restore it from the install package.`,
    );
  }
  return parseConfig(raw, file, path.dirname(file));
}
