/**
 * Where a person finds the device simulator panel on `npm start`: its one-time address in a file
 * next to launch-url that only the kiosk user can read. The log names the file and the panel's
 * page without the code (a start log is read by more people than the kiosk user, and whoever
 * holds the code can take the printer's paper out).
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { logEvent, type Logger } from '../../src/log/index.js';
import type { BrowserShell } from '../browser-shell.js';
import { SIMULATOR_PATH } from './contract.js';

export const SIMULATOR_FILE = 'simulator-url';

/**
 * Writes `<folder>/simulator-url` (mode 0600) with a fresh one-time address valid for `ttlMs`,
 * and returns its path; null (and no file, an old one removed) when the shell has no panel.
 */
export function writeSimulatorFile(
  folder: string,
  shell: Pick<BrowserShell, 'origin' | 'simulatorUrl'>,
  logger: Logger,
  ttlMs: number,
): string | null {
  const file = path.join(folder, SIMULATOR_FILE);
  // Removed first and created exclusively, so the 0600 mode always applies and a planted link
  // is not followed; and a file left by an earlier start with simulated devices does not stay.
  rmSync(file, { force: true });
  const address = shell.simulatorUrl({ ttlMs });
  if (address === null) return null;
  writeFileSync(file, `${address}\n`, { mode: 0o600, flag: 'wx' });
  logEvent(logger, 'simulator.panelReady', {
    page: `${shell.origin}${SIMULATOR_PATH}`,
    file,
    minutes: Math.round(ttlMs / 60_000),
  });
  return file;
}
