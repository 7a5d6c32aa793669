/**
 * The e2e fixtures with a browser shell that serves voice prompts (main/voice-prompts.ts), as
 * start.ts gives the kiosk: espeak-ng audio generated into the kiosk's data folder.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startBrowserShell } from '../../main/browser-shell.js';
import { createVoicePrompts } from '../../main/voice-prompts.js';
import { createMemoryLog } from '../../src/log/index.js';
import { kioskRoot, test as base } from './fixtures.js';
import type { Page } from '@playwright/test';

const rendererDir = path.resolve(import.meta.dirname, '../../dist/renderer');

export const hasEspeak = spawnSync('espeak-ng', ['--version'], { stdio: 'ignore' }).status === 0;

export const test = base.extend({
  shell: async ({ kiosk }, use) => {
    const voice = createVoicePrompts({
      dataDir: kiosk.config.dataDir,
      logger: createMemoryLog().logger,
    });
    const shell = await startBrowserShell({
      bridge: kiosk.bridge,
      staticDir: rendererDir,
      port: 0,
      voice,
    });
    try {
      await use(shell);
    } finally {
      await shell.close();
    }
  },
});

/** What the page's voice did last (App.tsx writes it on a hidden element). */
export function voiceStatus(page: Page) {
  return kioskRoot(page).getByTestId('voice');
}
