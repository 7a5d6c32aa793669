export { createLogger, createMemoryLog, logEvent } from './logger.js';
export type { CreateLoggerOptions, Logger, LogLevel, MemoryLog } from './logger.js';
export { maskAddress, maskIdentity, maskIdNumber, maskName, maskPhone } from './mask.js';
