export * from './api-errors.js';
export * from './claims.js';
export * from './defaults.js';
export * from './realtime/index.js';
export * from './reason-codes.js';
export * from './sdk-failures.js';
