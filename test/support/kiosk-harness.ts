/** Helpers to run a whole kiosk in a test: temp data folder, embedded defaults, fast timers. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KioskView } from '../../src/bridge/contract.js';
import { defaultConfig, type KioskConfig } from '../../src/config.js';
import { createKiosk, type Kiosk } from '../../main/kiosk.js';

export function testConfig(overrides: Partial<KioskConfig> = {}): KioskConfig {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-test-'));
  return {
    ...defaultConfig(dir),
    shell: { port: 0, launchBrowser: false },
    sync: { intervalMs: 60_000 },
    ...overrides,
  };
}

export async function startTestKiosk(overrides: Partial<KioskConfig> = {}) {
  const logs: string[] = [];
  const kiosk = await createKiosk(testConfig(overrides), { log: (m) => logs.push(m) });
  await kiosk.start();
  return { kiosk, logs };
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
