export { createLogger, createMemoryLog, logEvent, logEventRecord } from './logger.js';
export type { CreateLoggerOptions, Logger, LogLevel, MemoryLog } from './logger.js';
export { maskAddress, maskIdentity, maskIdNumber, maskName, maskPhone } from './mask.js';
export { createRotatingFile } from './rotating-file.js';
export type { RotatingFile, RotatingFileOptions } from './rotating-file.js';
