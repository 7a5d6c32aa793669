export { Listeners, TransportError, warnListenerError } from './byte-transport.js';
export type { ByteTransport, ListenerErrorReporter, TransportErrorCode } from './byte-transport.js';
export { SerialTransport } from './serial-transport.js';
export type { SerialTransportOptions } from './serial-transport.js';
export { createInProcessTransportPair } from './in-process.js';
export type { InProcessPairOptions } from './in-process.js';
export { openPtyPair } from './pty.js';
export type { PtyPair, PtyPairOptions } from './pty.js';
