/** What happened, and what the person in front of the browser can do about it. */
export interface ErrorExplanation {
  readonly what: string;
  readonly todo: string;
}

const START_AGAIN = 'Go back to the start page and sign in again.';

/**
 * One entry per code the demo can land on the error page with: every code of the README's error table
 * (callback failures), the provider's common `error` values, and the account actions' plain codes.
 */
export const EXPLANATIONS: Readonly<Record<string, ErrorExplanation>> = {
  state_mismatch: {
    what: 'The identity provider sent you back without the request identifier we expected.',
    todo: START_AGAIN,
  },
  state_not_found: {
    what: 'The sign-in request was not recognised: it expired, was already used, or was started in another browser.',
    todo: 'Start again in this browser and finish within 10 minutes.',
  },
  issuer_missing: {
    what: 'The response did not say which identity provider sent it, so it was rejected (this protects against mix-up attacks).',
    todo: 'Start again. If it keeps happening, tell the site administrator.',
  },
  issuer_mismatch: {
    what: 'The response came from a different identity provider than the one we sent you to, so it was rejected.',
    todo: 'Start again. If it keeps happening, tell the site administrator.',
  },
  oauth_code_verification_failed: {
    what: 'We could not verify the sign-in with the identity provider (it may be slow or unreachable right now).',
    todo: 'Wait a moment and try again later.',
  },
  user_info_missing: {
    what: 'The identity provider did not give us your profile, so we could not sign you in.',
    todo: 'Try again. If it keeps happening, the app may be asking the provider for the wrong permissions (scopes).',
  },
  email_missing: {
    what: 'The identity provider did not share an email address, which this app needs.',
    todo: 'Allow sharing your email address at the identity provider, then sign in again.',
  },
  account_not_linked: {
    what: 'An account with this email already exists, but this sign-in could not be linked to it safely (the email may not be verified).',
    todo: 'Sign in the way you did originally, then use "Link another account" on the start page.',
  },
  signup_disabled: {
    what: 'There is no account for you yet, and creating new accounts with this provider is turned off.',
    todo: 'Ask the site administrator for an invitation, or sign in with a provider you already use here.',
  },
  account_already_linked_to_different_user: {
    what: 'This provider account is already linked to someone else in this app.',
    todo: 'Sign out and sign in with that provider account instead, or link a different one.',
  },
  email_does_not_match: {
    what: 'The account you chose has a different email address than yours, so it was not linked.',
    todo: 'Link an account that uses the same email address as the one you are signed in with.',
  },
  link_session_mismatch: {
    what: 'This link request was started by someone else (or in another session), so nothing was linked.',
    todo: 'Sign in as yourself, then start the link from your own account page.',
  },
  id_token_sign_in_disabled: {
    what: 'Signing in with an ID token is turned off for this provider.',
    todo: 'Use the normal sign-in button on the start page.',
  },
  oauth_callback_failed: {
    what: 'Something went wrong while finishing the sign-in.',
    todo: START_AGAIN,
  },
  access_denied: {
    what: 'You cancelled the sign-in, or the identity provider refused it.',
    todo: 'Sign in again and accept the request at the identity provider if you want to continue.',
  },
  login_required: {
    what: 'The identity provider needs you to sign in there first.',
    todo: START_AGAIN,
  },
  consent_required: {
    what: 'The identity provider needs your consent before sharing your details.',
    todo: 'Sign in again and accept the request at the identity provider.',
  },
  invalid_scope: {
    what: 'The identity provider refused the permissions this app asked for.',
    todo: 'Tell the site administrator: the provider configuration needs fixing.',
  },
  server_error: {
    what: 'The identity provider had an internal problem.',
    todo: 'Wait a moment and try again later.',
  },
  temporarily_unavailable: {
    what: 'The identity provider is temporarily unavailable.',
    todo: 'Wait a moment and try again later.',
  },
  refresh_failed: {
    what: 'The tokens of this linked account could not be refreshed.',
    todo: 'Sign in with that account again (or link it again) to get fresh tokens.',
  },
  refresh_token_missing: {
    what: 'This linked account has no refresh token, so it cannot be refreshed.',
    todo: 'Link the account again; the provider may need to be asked for offline access.',
  },
  access_token_missing: {
    what: 'This linked account has no access token.',
    todo: 'Link the account again to get new tokens.',
  },
  provider_unavailable: {
    what: 'The identity provider could not be reached.',
    todo: 'Wait a moment and try again later.',
  },
  oauth_account_not_found: {
    what: 'That linked account was not found (it may already have been unlinked).',
    todo: 'Go back to the start page to see your current linked accounts.',
  },
  account_update_failed: {
    what: 'The linked account could not be updated.',
    todo: 'Try again in a moment.',
  },
  token_decryption_failed: {
    what: 'The stored tokens of this account could not be decrypted (the app\'s secret may have changed).',
    todo: 'Link the account again to store fresh tokens.',
  },
  not_authenticated: {
    what: 'You are not signed in (your session may have expired).',
    todo: START_AGAIN,
  },
};

/** For codes the app does not know, e.g. a provider's own `error` value. */
export const GENERIC_EXPLANATION: ErrorExplanation = {
  what: 'The sign-in could not be completed.',
  todo: START_AGAIN,
};

export function explain(code: string): ErrorExplanation {
  // hasOwn: a code like `constructor` must not reach Object.prototype.
  return Object.hasOwn(EXPLANATIONS, code) ? (EXPLANATIONS[code] ?? GENERIC_EXPLANATION) : GENERIC_EXPLANATION;
}
