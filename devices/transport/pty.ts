import { spawn } from 'node:child_process';

export interface PtyPair {
  /** Path of one end, e.g. /dev/pts/3: open it with a SerialTransport. */
  readonly a: string;
  /** Path of the other end. */
  readonly b: string;
  /** Stops socat (both ends disappear); resolves when it has exited. Safe to call twice. */
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /** socat binary; default `socat` from PATH. */
  readonly socatPath?: string;
  /** How long to wait for socat to report both ends. Default 5000 ms. */
  readonly timeoutMs?: number;
}

const PTY_LINE = /PTY is (\S+)/g;

/**
 * Creates a connected pseudo-terminal pair with `socat -d -d pty,raw,echo=0 pty,raw,echo=0`, so a
 * simulator on one end and the real driver on the other go through the real `serialport` binding
 * (design.md §4.3). socat reports the two /dev/pts paths on stderr at debug level `-d -d`.
 */
export function openPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const socat = options.socatPath ?? 'socat';
  const timeoutMs = options.timeoutMs ?? 5000;
  const child = spawn(socat, ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });

  let exited = child.exitCode !== null;
  // A process that ends without close() (a test worker cut short, an uncaught error) must not
  // leave socat running for ever, re-parented to init: it goes with us.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      process.off('exit', killOnExit);
      resolve();
    });
    child.once('error', () => {
      exited = true;
      process.off('exit', killOnExit);
      resolve();
    });
  });

  const close = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    // socat exits at once on SIGTERM; SIGKILL only if it is wedged, so tests never hang.
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exitedPromise;
    clearTimeout(timer);
  };

  return new Promise<PtyPair>((resolve, reject) => {
    let stderr = '';
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void close().then(() => reject(error));
    };
    const timer = setTimeout(() => {
      fail(
        new Error(
          `socat did not report two pseudo-terminals within ${timeoutMs} ms. Its output was:\n` +
            `${stderr || '(nothing)'}\nCheck that \`${socat} -d -d pty,raw,echo=0 pty,raw,echo=0\` ` +
            'works in a shell and that /dev/pts is mounted.',
        ),
      );
    }, timeoutMs);

    child.once('error', (error: NodeJS.ErrnoException) => {
      fail(
        error.code === 'ENOENT'
          ? new Error(
              `socat is not installed (could not run \`${socat}\`). Install it with ` +
                '`sudo apt-get install socat` (Debian/Ubuntu) or `brew install socat` (macOS); ' +
                'it is needed only for simulators over pseudo-terminals.',
              { cause: error },
            )
          : new Error(`Could not start socat (${socat}): ${error.message}`, { cause: error }),
      );
    });
    child.once('exit', (code, signal) => {
      fail(
        new Error(
          `socat exited (code ${code ?? 'none'}, signal ${signal ?? 'none'}) before reporting ` +
            `two pseudo-terminals. Its output was:\n${stderr || '(nothing)'}`,
        ),
      );
    });

    // Keep reading stderr for socat's whole life: it keeps logging (notices, errors), and a full
    // pipe would block it and with it the simulated serial line.
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (settled) return;
      stderr += text;
      const paths = [...stderr.matchAll(PTY_LINE)].map((match) => match[1]);
      const [a, b] = paths;
      if (a !== undefined && b !== undefined) {
        settled = true;
        clearTimeout(timer);
        resolve({ a, b, close });
      }
    });
  });
}
