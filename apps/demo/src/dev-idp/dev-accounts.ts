import { createHash } from 'node:crypto';

export interface DevAccount {
  /** Also the OIDC `sub` (oidc-provider always uses the accountId as `sub`). */
  accountId: string;
  email: string;
  name: string;
}

/**
 * The dev IdP's "user database": whoever types an email is that user. The subject is derived from the
 * lower-cased email so it is stable across restarts (the demo database outlives the in-memory IdP), and it
 * is deliberately NOT the email itself: real providers give opaque subjects, and the library must key
 * accounts on `sub`, never on email.
 */
export class DevAccounts {
  private readonly byId = new Map<string, DevAccount>();

  static subjectFor(email: string): string {
    return `dev-${createHash('sha256').update(`dev-idp:${email.trim().toLowerCase()}`).digest('hex').slice(0, 32)}`;
  }

  /** Records (or updates) the account for `email`; the name defaults to the email's local part. */
  remember(email: string, name: string | null): DevAccount {
    const normalised = email.trim().toLowerCase();
    const account: DevAccount = {
      accountId: DevAccounts.subjectFor(normalised),
      email: normalised,
      name: name !== null && name.trim() !== '' ? name.trim() : (normalised.split('@')[0] ?? normalised),
    };
    this.byId.set(account.accountId, account);
    return account;
  }

  find(accountId: string): DevAccount | undefined {
    return this.byId.get(accountId);
  }
}
