/**
 * `npm start`: the kiosk on its configured (by default embedded) setup. In Electron when its
 * binary is installed; otherwise in the browser shell, printing the address and opening
 * Chromium in kiosk mode when it is installed and a display is present.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../src/config.js';
import { startBrowserShell } from './browser-shell.js';
import { superviseBrowser, type BrowserSupervisor } from './browser-supervisor.js';
import { createKiosk } from './kiosk.js';
import { chromiumBinary, electronBinary } from './binaries.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (message: string) => console.log(`[kiosk] ${message}`);

/** The supervised kiosk browser, so a dying host can take it along instead of orphaning it. */
let browser: BrowserSupervisor | null = null;

async function runBrowserShell(): Promise<void> {
  const config = loadConfig({ file: process.env.KIOSK_CONFIG });
  const kiosk = await createKiosk(config);
  await kiosk.start();
  const shell = await startBrowserShell({
    bridge: kiosk.bridge,
    staticDir: path.resolve(here, '../renderer'),
    port: config.shell.port,
    log,
  });
  log(`Electron is not installed here: running the browser shell.`);
  log(`Open the kiosk at ${shell.url}`);

  const chromium = chromiumBinary();
  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (config.shell.launchBrowser && chromium && display) {
    // One profile folder in the data folder, reused across restarts (not a new one per start).
    const profile = path.join(config.dataDir, 'chromium-profile');
    mkdirSync(profile, { recursive: true });
    browser = superviseBrowser({
      binary: chromium,
      args: [
        '--kiosk',
        `--app=${shell.url}`,
        '--disable-session-crashed-bubble',
        '--noerrdialogs',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-pinch',
        '--overscroll-history-navigation=0',
        `--user-data-dir=${profile}`,
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
      log,
    });
    log(`Started Chromium in kiosk mode (${chromium}).`);
  } else if (config.shell.launchBrowser) {
    log(
      chromium
        ? 'No display found: open the address above in a browser.'
        : 'Chromium is not installed (apt-get install chromium): open the address above in a browser.',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await browser?.stop();
    await shell.close();
    await kiosk.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function main(): Promise<void> {
  const binary = process.env.KIOSK_SHELL === 'browser' ? null : electronBinary();
  if (binary) {
    log(`Starting the Electron shell (${binary}).`);
    const child = spawn(binary, [path.resolve(here, 'electron-main.js')], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 1));
    return;
  }
  await runBrowserShell();
}

// A kiosk must not limp on in an unknown state: log why and exit so the service manager restarts
// it (the customer's work is in the store, not in memory).
for (const kind of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(kind, (error: unknown) => {
    console.error(`[kiosk] ${kind}: ${(error as Error)?.stack ?? String(error)}`);
    browser?.killNow();
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error));
  console.error(`[kiosk] cannot start: ${message}`);
  browser?.killNow();
  process.exit(1);
});
