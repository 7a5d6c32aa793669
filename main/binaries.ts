/** Finding the shells' binaries on this machine, without side effects. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The Electron binary, when one is installed; else null. Looked up without loading the
 * `electron` package: since Electron 45 loading it downloads a missing binary, and a kiosk must
 * never try to download at boot (the lobby network may not reach the internet at all).
 */
export function electronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.KIOSK_ELECTRON) return existsSync(env.KIOSK_ELECTRON) ? env.KIOSK_ELECTRON : null;
  try {
    const pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const relative = readFileSync(pathFile, 'utf8').trim();
    const dist = env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist');
    const binary = path.join(dist, relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null; // the electron package is not installed (a production image may leave it out)
  }
}

export function chromiumBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.KIOSK_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}
