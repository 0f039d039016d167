export { InMemoryOAuthRepository } from './in-memory-oauth-repository.js';
export type { InMemoryOAuthRepositoryOptions } from './in-memory-oauth-repository.js';
export { describeOAuthRepositoryContract } from './repository-contract.js';
export type { OAuthRepositoryContractSubject } from './repository-contract.js';
export { TestClock } from './test-clock.js';
