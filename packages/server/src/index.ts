export * from './credentials/index.js';
