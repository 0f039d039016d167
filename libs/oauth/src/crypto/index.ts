export type { KeyPurpose } from './key-purpose.js';
export { Keyring } from './keyring.js';
export { AesGcmSecretBox, type DerivedKey, type SecretBox } from './secret-box.js';
export { createCodeVerifier, randomToken, s256Challenge, safeEqual, sha256Hex } from './random.js';
export { TokenCodec } from './token-codec.js';
