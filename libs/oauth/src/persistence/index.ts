export * from './records.js';
export * from './oauth-repository.js';
export * from './token-updates.js';
