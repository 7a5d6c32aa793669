/**
 * `npm start`: the kiosk on its configured (by default embedded) setup. In Electron when its
 * binary is installed; otherwise in the browser shell, opening Chromium in kiosk mode when it is
 * installed and a display is present.
 *
 * The bridge's secret is never on a command line or in the log: Chromium gets an address with a
 * one-time launch code (spent within seconds; a fresh one for every relaunch), and without a
 * kiosk browser the one-time address goes to a file only the kiosk user can read.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type KioskConfig } from '../src/config.js';
import { logEvent, type Logger } from '../src/log/index.js';
import { checkShellPort, startBrowserShell, type BrowserShell } from './browser-shell.js';
import { createVoicePrompts } from './voice-prompts.js';
import { createDeviceSimulatorPanel } from './device-simulator/panel.js';
import { writeSimulatorFile } from './device-simulator/address-file.js';
import { superviseBrowser, type BrowserSupervisor } from './browser-supervisor.js';
import { startKioskHost } from './kiosk.js';
import { chromiumBinary, electronBinary } from './binaries.js';
import { kioskChromiumArgs } from './chromium-switches.js';
import { processTempFolder } from './temp-folder.js';
import {
  createProcessLog,
  reportCrash,
  reportStartFailure,
  type ProcessLog,
} from './process-log.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** How long the one-time address written for a person (no kiosk browser) stays usable. */
const LAUNCH_FILE_TTL_MS = 10 * 60_000;

/** Created once, when the data folder is known (or on a failure before that: stdout only). */
let processLog: ProcessLog | null = null;
/** The supervised kiosk browser, so a dying host can take it along instead of orphaning it. */
let browser: BrowserSupervisor | null = null;

function chromiumArgs(shell: BrowserShell, profile: string): () => readonly string[] {
  return () => [
    '--kiosk',
    // A fresh one-time code per launch: the one a crashed browser held is spent.
    `--app=${shell.launchUrl()}`,
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
    // The kiosk's own (the answer to a tap drawn in the first frame it can be): one list for
    // every shell, the benches and the end-to-end tests.
    ...kioskChromiumArgs(),
  ];
}

/**
 * Where the shell keeps its own files (the browser profile, the launch file): the data folder,
 * or, when the kiosk is out of service because that folder cannot be written (read-only media,
 * a file in its place), a new private folder in the system's temporary folder, so the
 * out-of-service screen still reaches the screen. That one holds a whole browser profile and a
 * kiosk may restart in it for months: it goes when the process exits, or, after a SIGKILL, at
 * the next start (main/temp-folder.ts).
 */
function shellFolder(config: KioskConfig): string {
  try {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    accessSync(config.dataDir, constants.W_OK);
    return config.dataDir;
  } catch {
    return processTempFolder('kiosk-shell');
  }
}

/** For a person opening the kiosk by hand: the one-time address in a file only we can read. */
function writeLaunchFile(folder: string, shell: BrowserShell, logger: Logger): void {
  const file = path.join(folder, 'launch-url');
  // Removed first and created exclusively, so the 0600 mode always applies and a planted link
  // is not followed.
  rmSync(file, { force: true });
  writeFileSync(file, `${shell.launchUrl({ ttlMs: LAUNCH_FILE_TTL_MS })}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  logEvent(logger, 'shell.launchFileWritten', { file, minutes: LAUNCH_FILE_TTL_MS / 60_000 });
}

async function runBrowserShell(config: KioskConfig, logger: Logger): Promise<void> {
  logEvent(logger, 'shell.starting', { shell: 'browser' });
  await checkShellPort(config.shell.port);
  // A store that cannot open gives the out-of-service screen with the technician's message.
  const kiosk = await startKioskHost(config, { logger });
  const shell = await startBrowserShell({
    bridge: kiosk.bridge,
    staticDir: path.resolve(here, '../renderer'),
    port: config.shell.port,
    logger,
    // Recorded prompts for Chromium without a voice for the language (espeak-ng, offline).
    voice: createVoicePrompts({ dataDir: config.dataDir, logger }),
    // Someone else presented the kiosk browser's code: its session is closed, so it starts
    // again with a fresh one (whoever holds a stolen code keeps a session only until then).
    onLaunchCodeReused: () => browser?.restart(),
    // The kiosk browser started too slowly to use its code in time: it has no session and
    // would show "connecting" for ever, so it starts again with a fresh code (the shell gives
    // the next codes longer). Both restarts are bounded by the supervisor's restart budget.
    onLaunchCodeExpired: () => browser?.restart(),
    // Only for devices configured `simulated` (null otherwise, and while out of service): the
    // simulators main/devices.ts built, handed to the panel here and nowhere else.
    simulator: kiosk.kiosk ? createDeviceSimulatorPanel(kiosk.kiosk.devices, logger) : null,
  });

  const chromium = chromiumBinary();
  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  const folder = shellFolder(config);
  if (config.shell.launchBrowser && chromium && display) {
    // One profile folder in the data folder, reused across restarts (not a new one per start).
    const profile = path.join(folder, 'chromium-profile');
    mkdirSync(profile, { recursive: true, mode: 0o700 });
    browser = superviseBrowser({ binary: chromium, args: chromiumArgs(shell, profile), logger });
    logEvent(logger, 'shell.browserStarted', { binary: chromium });
  } else {
    if (config.shell.launchBrowser) {
      logEvent(logger, chromium ? 'shell.noDisplay' : 'shell.noChromium', {});
    }
    writeLaunchFile(folder, shell, logger);
  }
  writeSimulatorFile(folder, shell, logger, LAUNCH_FILE_TTL_MS);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logEvent(logger, 'shell.stopping', { signal });
    await browser?.stop();
    await shell.close();
    await kiosk.stop();
    processLog?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function main(): Promise<void> {
  const binary = process.env.KIOSK_SHELL === 'browser' ? null : electronBinary();
  if (binary) {
    // The Electron process reads the configuration and owns the log file; this one only waits.
    processLog = createProcessLog();
    logEvent(processLog.logger, 'shell.electronStarting', { binary });
    const child = spawn(binary, [path.resolve(here, 'electron-main.js')], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 1));
    return;
  }
  const config = loadConfig({ file: process.env.KIOSK_CONFIG });
  processLog = createProcessLog({ dataDir: config.dataDir, kioskId: config.kioskId });
  await runBrowserShell(config, processLog.logger);
}

// A kiosk must not limp on in an unknown state: log why and exit so the service manager restarts
// it (the customer's work is in the store, not in memory).
for (const kind of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(kind, (error: unknown) => {
    reportCrash((processLog ??= createProcessLog()), kind, error);
    browser?.killNow();
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  reportStartFailure((processLog ??= createProcessLog()), error);
  browser?.killNow();
  process.exit(1);
});
