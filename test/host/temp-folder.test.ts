/**
 * The shell's own temp folder (main/temp-folder.ts): named after its process, private, and the
 * folders of processes that are gone (SIGKILL, power loss) removed by the next start; never a
 * running process's folder, a link, or anything else in the temp folder.
 */
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processTempFolder, removeFoldersOfGoneProcesses } from '../../main/temp-folder.js';
import { removeTempDir, tempDir } from '../support/temp-dir.js';

/** Above Linux's largest pid (2^22): no process has it. */
const GONE_PID = 4_194_305;

describe('process temp folder', () => {
  it('is private and carries the process id in its name', () => {
    const folder = processTempFolder('kiosk-shell-test');
    try {
      expect(path.basename(folder)).toMatch(new RegExp(`^kiosk-shell-test-${process.pid}-\\w{6}$`));
      expect(statSync(folder).mode & 0o777).toBe(0o700);
    } finally {
      removeFoldersOfGoneProcesses(path.dirname(folder), 'kiosk-shell-test');
      expect(existsSync(folder)).toBe(true); // ours, still running
      // This worker outlives the run's check: removed here, not at its exit.
      removeTempDir(folder);
    }
  });

  it('removes the folders of gone processes only', () => {
    const parent = tempDir('kiosk-temp-folder');
    const gone = path.join(parent, `kiosk-shell-${GONE_PID}-AbC123`);
    mkdirSync(path.join(gone, 'chromium-profile'), { recursive: true });
    const ours = path.join(parent, `kiosk-shell-${process.pid}-AbC123`);
    const parentProcess = path.join(parent, `kiosk-shell-${process.ppid}-AbC123`);
    const otherName = path.join(parent, `kiosk-test-${GONE_PID}-AbC123`);
    for (const dir of [ours, parentProcess, otherName]) mkdirSync(dir);
    const target = tempDir('kiosk-temp-folder-target');
    const link = path.join(parent, `kiosk-shell-${GONE_PID}-Link12`);
    symlinkSync(target, link);
    const file = path.join(parent, `kiosk-shell-${GONE_PID}-File12`);
    writeFileSync(file, '');

    // Not before it is as old as asked (a temp folder shared with other pid namespaces).
    removeFoldersOfGoneProcesses(parent, 'kiosk-shell', 3_600_000);
    expect(existsSync(gone)).toBe(true);
    removeFoldersOfGoneProcesses(parent, 'kiosk-shell');

    expect(existsSync(gone)).toBe(false);
    for (const kept of [ours, parentProcess, otherName, link, file, target]) {
      expect(existsSync(kept), kept).toBe(true);
    }
  });
});
