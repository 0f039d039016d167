// Internal barrel of the transport layer (not re-exported from the package root).
export * from './transport-errors.js';
export * from './http.js';
export * from './metadata.js';
export * from './metadata-resolver.js';
export * from './authorization-url.js';
export * from './token-endpoint.js';
export * from './userinfo.js';
export * from './jwks-cache.js';
export * from './id-token-validator.js';
export * from './token-set.js';
