/** The Apple specs' identifiers (the team key itself: `pemKeyPair()` of testing/signing-keys.spec-support.ts). Test-only. */
export const APPLE_TEAM_ID = 'TEAM123456';
export const APPLE_KEY_ID = 'KEY1234567';
export const APPLE_SERVICES_ID = 'com.example.web';
