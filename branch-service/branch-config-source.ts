/**
 * The branch configuration the service is serving now, as GET /v1/config sends it (body and
 * ETag computed once per configuration, so a 304 costs a string comparison).
 *
 * Either fixed (given in code: tests, the sample configuration) or read from the branch's file
 * (./branch-config-file.ts) and re-read without a restart: on SIGHUP (main.ts calls reload) and
 * when the file changes. A valid new file replaces the served configuration as a whole, and its
 * new ETag makes every kiosk take it at its next fetch; an invalid one is refused with the
 * reason logged and the previous configuration kept: a kiosk is never served half a file.
 */
import { createHash } from 'node:crypto';
import { realpathSync, watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BranchConfig } from '../src/contract/sync.js';
import { logEvent, type Logger } from '../src/log/index.js';
import {
  BranchConfigFileError,
  checkBranchConfigText,
  listProblems,
  readBranchConfigText,
  unreadable,
} from './branch-config-file.js';

/** One configuration as served: the object handlers read, the JSON text and its tag. */
export interface ServedBranchConfig {
  readonly config: BranchConfig;
  readonly body: string;
  /**
   * A digest of the body, so every instance serving the same configuration gives the same tag
   * (a kiosk may be answered by any of them), and a changed one gives a new tag.
   */
  readonly etag: string;
}

/** What route handlers read, per request: the configuration may change while they run. */
export interface BranchConfigSource {
  current(): ServedBranchConfig;
}

export function servedBranchConfig(config: BranchConfig): ServedBranchConfig {
  const body = JSON.stringify(config);
  const etag = `"${createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 32)}"`;
  return { config, body, etag };
}

/** A configuration that never changes (given in code). */
export function fixedBranchConfig(config: BranchConfig): BranchConfigSource {
  const served = servedBranchConfig(config);
  return { current: () => served };
}

/** Why the file was read again: a signal, a change on disk, or a call (tests, operations). */
export type ReloadTrigger = 'SIGHUP' | 'fileChanged' | 'request';

export type BranchConfigReload =
  | { readonly outcome: 'reloaded'; readonly etag: string }
  | { readonly outcome: 'unchanged'; readonly etag: string }
  | { readonly outcome: 'refused'; readonly etag: string; readonly problems: readonly string[] };

export interface BranchConfigFileSource extends BranchConfigSource {
  readonly file: string;
  /** Reads the file again; reloads never overlap (each waits for the one before). */
  reload(trigger?: ReloadTrigger): Promise<BranchConfigReload>;
  /** Stops watching the file. Idempotent. */
  close(): void;
}

export interface BranchConfigFileOptions {
  readonly file: string;
  readonly log: Logger;
  /** Re-read when the file changes (default true); SIGHUP and reload() work either way. */
  readonly watch?: boolean;
  /** Quiet time after the last change before reading (editors write in several steps). */
  readonly debounceMs?: number;
}

/** Editors save in bursts (truncate, write, rename, chmod): read once they are done. */
export const DEFAULT_DEBOUNCE_MS = 250;

/**
 * Reads and checks the file now (a missing or invalid file throws a BranchConfigFileError: the
 * service does not start), then serves it and follows its changes.
 */
export function openBranchConfigFile(options: BranchConfigFileOptions): BranchConfigFileSource {
  const { file, log } = options;
  let lastText = readBranchConfigText(file);
  const first = checkBranchConfigText(lastText);
  if (!first.ok) throw new BranchConfigFileError(file, first.problems);
  let served = servedBranchConfig(first.config);
  logEvent(log, 'branchConfig.loaded', { file, ...summary(served) });

  const readAndApply = async (trigger: ReloadTrigger): Promise<BranchConfigReload> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      return refuse(trigger, null, unreadable(file, error).problems);
    }
    // A change on disk that left the text as it was (a touch, another file in the folder)
    // is not worth a line; a signal is answered every time, so the technician sees it worked.
    if (text === lastText && trigger === 'fileChanged') {
      return { outcome: 'unchanged', etag: served.etag };
    }
    lastText = text;
    const checked = checkBranchConfigText(text);
    if (!checked.ok) return refuse(trigger, text, checked.problems);
    const next = servedBranchConfig(checked.config);
    if (next.etag === served.etag) {
      logEvent(log, 'branchConfig.unchanged', { file, trigger, etag: served.etag });
      return { outcome: 'unchanged', etag: served.etag };
    }
    served = next;
    logEvent(log, 'branchConfig.reloaded', { file, trigger, ...summary(served) });
    return { outcome: 'reloaded', etag: served.etag };
  };

  const refuse = (
    trigger: ReloadTrigger,
    text: string | null,
    problems: readonly string[],
  ): BranchConfigReload => {
    if (text === null) lastText = '';
    logEvent(log, 'branchConfig.refused', {
      file,
      trigger,
      etag: served.etag,
      reason: listProblems(problems),
    });
    return { outcome: 'refused', etag: served.etag, problems };
  };

  let queue: Promise<unknown> = Promise.resolve();
  const reload = (trigger: ReloadTrigger = 'request'): Promise<BranchConfigReload> => {
    const next = queue.then(() => readAndApply(trigger));
    queue = next.catch(() => undefined);
    return next;
  };

  const watcher =
    options.watch === false
      ? null
      : watchFile(file, options.debounceMs ?? DEFAULT_DEBOUNCE_MS, log, () => {
          void reload('fileChanged');
        });

  return {
    file,
    current: () => served,
    reload,
    close: () => watcher?.close(),
  };
}

function summary(served: ServedBranchConfig) {
  return {
    branch: served.config.branch.id,
    businessTypes: served.config.businessTypes.length,
    etag: served.etag,
  };
}

/**
 * Watches the file's folder, not the file: an editor that saves by writing a new file and
 * renaming it over the old one (vim, VS Code, a deployment tool, a Kubernetes ConfigMap's
 * symlink swap) replaces the inode a watch on the file would follow, and it would go deaf.
 * When the path is a symbolic link into another folder, that folder is watched as well (an
 * edit of the target happens there). Any event in a watched folder schedules a read, whatever
 * file it names; a text that did not change is ignored by the reader.
 */
function watchFile(
  file: string,
  debounceMs: number,
  log: Logger,
  onChange: () => void,
): { close(): void } | null {
  let timer: NodeJS.Timeout | null = null;
  const schedule = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, debounceMs);
    timer.unref();
  };
  const folders = new Set([dirname(file), dirname(realpathOrSelf(file))]);
  const watchers: FSWatcher[] = [];
  const closeAll = () => {
    for (const watcher of watchers.splice(0)) watcher.close();
  };
  try {
    for (const folder of folders) {
      const watcher = watch(folder, { persistent: false }, schedule);
      watcher.on('error', (error) => {
        logEvent(log, 'branchConfig.watchFailed', { file, reason: error.message });
        closeAll();
      });
      watchers.push(watcher);
    }
  } catch (error) {
    closeAll();
    logEvent(log, 'branchConfig.watchFailed', { file, reason: (error as Error).message });
    return null;
  }
  return {
    close() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      closeAll();
    },
  };
}

function realpathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
