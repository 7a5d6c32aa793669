/** Helpers to run a whole kiosk in a test: temp data folder, embedded defaults, fast timers. */
import type { KioskView, Screen, ViewOf } from '../../src/bridge/contract.js';
import { defaultConfig, type KioskConfig } from '../../src/config.js';
import { createMemoryLog } from '../../src/log/index.js';
import { createKiosk, type Kiosk } from '../../main/kiosk.js';
import { tempDir } from './temp-dir.js';

/**
 * A test kiosk's configuration. Without a `dataDir` override its data folder is a new
 * `<tmp>/kiosk-test-*` folder, removed when the test file ends (test/support/temp-dir.ts).
 */
export function testConfig(overrides: Partial<KioskConfig> = {}): KioskConfig {
  const dir = overrides.dataDir ?? tempDir('kiosk-test');
  return {
    ...defaultConfig(dir),
    shell: { port: 0, launchBrowser: false },
    // No start jitter for the offline number blocks: a test's kiosk has them before its first
    // customer, as one kiosk alone would.
    sync: { intervalMs: 60_000, leaseStartJitterMs: 0 },
    // No ID-card reader unless a test asks for the simulated one (`idReader: { kind:
    // 'simulated' }`): with a reader ready the ticket flow offers the card first, and the tests
    // of the ticket journey without a card start at the choice of queue.
    idReader: { kind: 'none' },
    ...overrides,
  };
}

/** Starts a kiosk on a fresh data folder; `log` holds its events for assertions. */
export async function startTestKiosk(overrides: Partial<KioskConfig> = {}) {
  const log = createMemoryLog();
  const kiosk = await createKiosk(testConfig(overrides), { logger: log.logger });
  await kiosk.start();
  return { kiosk, log };
}

/**
 * Resolves with the first published view on one of these screens that a customer can act on: a
 * confirmation still counting the people ahead (its button disabled) is not one yet.
 */
export function waitForScreen<S extends Screen>(
  kiosk: Kiosk,
  screens: S | readonly S[],
  timeoutMs = 10_000,
): Promise<ViewOf<S>> {
  const wanted: readonly Screen[] = Array.isArray(screens) ? screens : [screens];
  const actionable = (v: KioskView) => !(v.screen === 'confirmTicket' && v.counting === true);
  return waitForView(
    kiosk,
    (v) => wanted.includes(v.screen) && actionable(v),
    timeoutMs,
  ) as Promise<ViewOf<S>>;
}

/** Resolves with the first published view that satisfies the predicate. */
export function waitForView(
  kiosk: Kiosk,
  predicate: (view: KioskView) => boolean,
  timeoutMs = 10_000,
): Promise<KioskView> {
  return new Promise((resolve, reject) => {
    if (predicate(kiosk.bridge.view())) {
      resolve(kiosk.bridge.view());
      return;
    }
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(
          `no such view within ${timeoutMs} ms; last: ${JSON.stringify(kiosk.bridge.view())}`,
        ),
      );
    }, timeoutMs);
    const off = kiosk.bridge.onView((view) => {
      if (!predicate(view)) return;
      clearTimeout(timer);
      off();
      resolve(view);
    });
  });
}
