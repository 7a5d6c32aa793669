/**
 * A process's own folder in the system's temporary folder, for a kiosk that runs for months
 * without a technician: removed when the process exits, and, since a process killed outright
 * (SIGKILL, power loss) cannot remove anything, the folders of processes that are gone are
 * removed by the next one. The folder's name carries its process id for that:
 * `<tmpdir>/<prefix>-<pid>-XXXXXX`.
 */
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A new private (0700) folder, removed at this process's exit; stale ones of ours first. */
export function processTempFolder(prefix: string): string {
  const parent = tmpdir();
  removeFoldersOfGoneProcesses(parent, prefix);
  const folder = mkdtempSync(path.join(parent, `${prefix}-${process.pid}-`));
  process.once('exit', () => {
    try {
      rmSync(folder, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // a browser still writing into it: the next start removes it
    }
  });
  return folder;
}

/**
 * Removes `<parent>/<prefix>-<pid>-XXXXXX` folders of this user whose process is gone. Never a
 * folder of a running process, of another user, or a link; with `minAgeMs`, none changed more
 * recently (a temp folder shared by containers, whose process ids this process cannot see).
 */
export function removeFoldersOfGoneProcesses(parent: string, prefix: string, minAgeMs = 0): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  const pattern = new RegExp(
    `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)-[A-Za-z0-9]{6}$`,
  );
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    const folder = path.join(parent, name);
    try {
      const stat = lstatSync(folder);
      if (!stat.isDirectory() || stat.uid !== process.getuid?.()) continue;
      if (Date.now() - stat.mtimeMs < minAgeMs) continue;
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another process, or not ours to remove
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: running, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
