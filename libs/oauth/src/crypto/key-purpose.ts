/**
 * What a derived key is for. Each purpose gets its own HKDF subkey, so a value sealed for one
 * purpose (say, a state marker) can never be replayed where another is expected (a start token).
 */
export type KeyPurpose = 'start-token' | 'state' | 'account-cookie' | 'tokens-at-rest' | 'id-token-nonce' | 'session-cache';
