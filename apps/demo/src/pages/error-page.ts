import { escapeHtml, page } from './html.js';

/** A friendly explanation per error code the sign-in flow can end with. */
const EXPLANATIONS: Readonly<Record<string, string>> = {
  state_not_found:
    'The sign-in request was not recognised: it expired, was already used, or was started in another browser. Please start again.',
  state_mismatch: 'The identity provider sent us back without the request identifier we expected. Please start again.',
  issuer_mismatch: 'The response did not come from the identity provider we sent you to, so it was rejected.',
  issuer_missing: 'The identity provider did not say who it is in its response, so the response was rejected.',
  oauth_code_verification_failed: 'We could not verify the sign-in with the identity provider. Please try again.',
  user_info_missing: 'The identity provider did not give us your profile, so we could not sign you in.',
  email_missing: 'The identity provider did not share an email address, which this app needs.',
  account_not_linked:
    'An account with this email already exists, but this sign-in could not be linked to it safely (the email may not be verified).',
  signup_disabled: 'Creating new accounts with this provider is disabled.',
  account_already_linked_to_different_user: 'This provider account is already linked to someone else.',
  email_does_not_match: 'The account you chose has a different email address than yours, so it was not linked.',
  access_denied: 'You cancelled the sign-in, or the identity provider refused it.',
  oauth_callback_failed: 'Something went wrong while finishing the sign-in. Please try again.',
  refresh_failed: 'The tokens of this account could not be refreshed. You may need to sign in with it again.',
  refresh_token_missing: 'This account has no refresh token, so it cannot be refreshed.',
  oauth_account_not_found: 'That linked account was not found.',
};

const GENERIC = 'The sign-in could not be completed. Please try again.';

export function renderErrorPage(code: string | null): string {
  const shown = code === null || code === '' ? 'unknown_error' : code;
  const explanation = EXPLANATIONS[shown] ?? GENERIC;
  return page(
    'Sign-in problem',
    `<h1>Something went wrong</h1>
<p role="alert">${escapeHtml(explanation)}</p>
<p>Error code: <code>${escapeHtml(shown)}</code></p>
<p><a href="/">Back to the start page</a></p>`,
  );
}
