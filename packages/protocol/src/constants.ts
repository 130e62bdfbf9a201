/**
 * The contract's constants without the realtime frame schemas (`@parley/protocol/constants`):
 * what a command-line tool's help or a token helper needs, without loading zod.
 */
export * from './api-errors.js';
export * from './claims.js';
export * from './defaults.js';
export * from './reason-codes.js';
export * from './sdk-failures.js';
export * from './widget-appearance.js';
