export * from './constants.js';
export * from './realtime/index.js';
