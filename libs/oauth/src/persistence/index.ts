export * from './records.js';
export * from './oauth-repository.js';
