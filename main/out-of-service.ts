/**
 * The kiosk when its store cannot open (a database written by newer software, a migration
 * history that does not match, a data folder it may not write, a database of another kiosk
 * still holding work): the host starts anyway and the screen says "out of service" with the
 * technician's message (what happened and what to do), instead of a process that exits, is
 * restarted by the service manager, and exits again with nothing on screen.
 *
 * Nothing is recorded in this mode (there is no store), no device is opened and nothing is
 * sent: the database is left exactly as it was for the technician. The customer can switch the
 * language of the screen; every other command is ignored.
 */
import { KioskViewSchema, type KioskView } from '../src/bridge/contract.js';
import type { HostBridge } from '../src/bridge/host.js';
import type { Language } from '../src/domain/business-type.js';
import { formatMessage } from '../src/i18n/messages.js';
import { logEvent, type Logger } from '../src/log/index.js';

/** Why the kiosk is out of service: the store error's code and its sentence. */
export interface OutOfServiceReason {
  readonly code: string;
  readonly message: string;
}

export interface OutOfServiceHost {
  readonly bridge: HostBridge;
  readonly reason: OutOfServiceReason;
  stop(): Promise<void>;
}

export function reasonOf(error: unknown): OutOfServiceReason {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    code: typeof code === 'string' ? code : 'UNKNOWN',
    message: error instanceof Error ? error.message : String(error),
  };
}

export function startOutOfServiceHost(options: {
  readonly reason: OutOfServiceReason;
  readonly defaultLanguage: Language;
  readonly logger: Logger;
}): OutOfServiceHost {
  const { reason, logger } = options;
  let language = options.defaultLanguage;
  const listeners = new Set<(view: KioskView) => void>();
  const view = (): KioskView =>
    KioskViewSchema.parse({
      screen: 'outOfService',
      language,
      branchName: formatMessage(language, 'app.title'),
      prompt: { key: 'outOfService.body' },
      notice: {
        key: 'outOfService.staffNote',
        params: { code: reason.code, reason: reason.message },
      },
      inactivityWarningSeconds: null,
    });
  logEvent(logger, 'kiosk.outOfService', { code: reason.code, reason: reason.message });
  return {
    reason,
    bridge: {
      view,
      onView(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      dispatch(command) {
        if (command.type !== 'SET_LANGUAGE' || command.language === language) return;
        language = command.language;
        const next = view();
        for (const listener of listeners) {
          try {
            listener(next);
          } catch (error) {
            logEvent(logger, 'bridge.viewListenerFailed', { reason: (error as Error).message });
          }
        }
      },
    },
    async stop() {
      listeners.clear();
    },
  };
}

/**
 * Store failures a technician fixes outside the software (the disk, the folder's owner or
 * mode): the host tries to open the store again on an interval and comes back by itself. The
 * others (a database of newer software, a mismatched history, another kiosk's database) need
 * another install or configuration, and so a restart. CORRUPT here means a freshly created
 * database was unreadable too: a faulty disk, and retrying would set a file aside every time.
 */
export const RETRIED_STORE_CODES: ReadonlySet<string> = new Set([
  'OPEN_FAILED',
  'DATA_FOLDER_UNUSABLE',
  'DISK_FULL',
  'READ_ONLY_MEDIA',
]);

/**
 * A bridge that forwards to another, which can be replaced: the shells keep the one object they
 * were given, and when the kiosk comes back in service its views reach them.
 */
export function createSwitchableBridge(initial: HostBridge): {
  readonly bridge: HostBridge;
  switchTo(next: HostBridge): void;
} {
  let target = initial;
  const listeners = new Set<(view: KioskView) => void>();
  const forward = (view: KioskView) => {
    for (const listener of listeners) listener(view);
  };
  let unsubscribe = target.onView(forward);
  return {
    bridge: {
      view: () => target.view(),
      onView(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      dispatch: (command) => target.dispatch(command),
    },
    switchTo(next) {
      unsubscribe();
      target = next;
      unsubscribe = target.onView(forward);
      forward(target.view());
    },
  };
}
