import { Inject, Injectable } from '@nestjs/common';
import { OAuthError } from '../../errors/oauth-error.js';
import type { RequestMetadata } from '../../identity/session-service.js';
import type { Clock } from '../../common/clock.js';
import { OAUTH_CLOCK } from '../../options/tokens.js';
import { OAuthRepository } from '../../persistence/oauth-repository.js';
import type { AccountRecord } from '../../persistence/records.js';
import type { ProviderRuntime } from '../../providers/provider-runtime.js';
import { tokenSetFromIdToken, type OAuthTokenSet } from '../../transport/token-set.js';
import { recode } from '../shared/callback-errors.js';
import { IdTokenNonces } from './id-token-nonce.js';
import { recordIdTokenUse } from './id-token-replay.js';
import type { OAuthHookContext } from '../../options/hooks.js';
import { LinkCompletion } from '../link/link-completion.js';
import { SignInCompletion, type SignInResult } from '../sign-in/signin-completion.js';
import type { OAuthUserInfo } from '../../providers/user-info.js';

/** The body of a direct ID-token request (spec §4.3), already validated and typed. */
export interface IdTokenInput {
  idToken: string;
  nonce?: string | null;
  accessToken?: string | null;
  refreshToken?: string | null;
  accessTokenExpiresAt?: Date | null;
  refreshTokenExpiresAt?: Date | null;
  tokenType?: string | null;
  scope?: string | null;
  scopes?: readonly string[] | null;
  requestSignUp?: boolean | null;
}

/** Spec §4.3: `scope` wins; else `scopes` de-duplicated in first-seen order and space-joined; empty ⇒ null. */
export function resolveScope(scope: string | null | undefined, scopes: readonly string[] | null | undefined): string | null {
  if (scope !== null && scope !== undefined) return scope;
  const unique = [...new Set(scopes ?? [])];
  return unique.length > 0 ? unique.join(' ') : null;
}

/** Spec §3.7 "from ID token": the token set a direct request describes. */
export function tokenSetFromInput(input: IdTokenInput): OAuthTokenSet {
  return tokenSetFromIdToken({
    idToken: input.idToken,
    accessToken: input.accessToken ?? null,
    refreshToken: input.refreshToken ?? null,
    tokenType: input.tokenType ?? null,
    scope: resolveScope(input.scope, input.scopes),
    accessTokenExpiresAt: input.accessTokenExpiresAt ?? null,
    refreshTokenExpiresAt: input.refreshTokenExpiresAt ?? null,
  });
}

interface VerifiedIdToken {
  tokens: OAuthTokenSet;
  user: OAuthUserInfo;
  /** Claims the single use of the token (and of a server nonce): `id_token_replayed` / `invalid_nonce` on reuse. */
  beforeWrite: () => Promise<void>;
}

function assertEnabled(runtime: ProviderRuntime): void {
  if (runtime.config.disableIdTokenSignIn) {
    throw new OAuthError('id_token_sign_in_disabled', 'id token sign-in is disabled for this provider');
  }
}

function hookContext(runtime: ProviderRuntime, request: unknown): OAuthHookContext {
  // Direct flows have no consumed state and no app payload.
  return { providerId: runtime.config.id, request, state: null, payload: null };
}

/**
 * Spec §8: sign-in and link with an ID token the app obtained itself (e.g. a native SDK). The
 * token is the only proof of identity here, so it is always fully validated (signature, issuer,
 * audience, expiry) before anything is read from it.
 */
@Injectable()
export class IdTokenFlow {
  constructor(
    @Inject(OAUTH_CLOCK) private readonly clock: Clock,
    private readonly repository: OAuthRepository,
    private readonly signIn: SignInCompletion,
    private readonly linker: LinkCompletion,
    private readonly nonces: IdTokenNonces,
  ) {}

  async signInWithIdToken(runtime: ProviderRuntime, input: IdTokenInput, request: unknown, meta: RequestMetadata): Promise<SignInResult> {
    assertEnabled(runtime);
    const { tokens, user, beforeWrite } = await this.verify(runtime, input);
    return this.signIn.complete({
      runtime,
      user,
      tokens,
      beforeWrite,
      requestSignUp: input.requestSignUp === true,
      context: hookContext(runtime, request),
      meta,
    });
  }

  async linkWithIdToken(runtime: ProviderRuntime, individualId: string, input: IdTokenInput, request: unknown): Promise<AccountRecord> {
    assertEnabled(runtime);
    const { tokens, user, beforeWrite } = await this.verify(runtime, input);
    return this.linker.link({
      runtime,
      individualId,
      user,
      tokens,
      beforeWrite,
      // A token handed to us directly proves less than a redirect we initiated: only a verified
      // (or explicitly trusted) email may attach to an existing individual (spec §8.2).
      requireTrustedEmail: true,
      refreshProfileWith: hookContext(runtime, request),
    });
  }

  private async verify(runtime: ProviderRuntime, input: IdTokenInput): Promise<VerifiedIdToken> {
    // A server-issued nonce is checked before anything else (no write); it is spent with the token.
    const nonceExpiry = runtime.config.requireServerNonce ? this.nonces.verify(runtime.config.id, input.nonce) : null;
    const tokens = tokenSetFromInput(input);
    const failed = (message: string) => (error: unknown) => Promise.reject(recode(error, 'oauth_code_verification_failed', message));
    // Without an access token (implicit-style id_token) the token must carry a nonce claim, so a
    // token captured from another flow cannot be replayed here without its nonce binding.
    const claims = await runtime.strategy
      .validateIdToken(input.idToken, {
        nonce: input.nonce ?? null,
        requireNonceClaim: !tokens.accessToken,
        accessToken: tokens.accessToken,
      })
      .catch(failed('failed to validate provider id token'));
    const user = await runtime.strategy.resolveProfile(tokens, claims).catch(failed('failed to resolve provider profile'));
    // Recorded only once the token proved genuine (forged tokens cannot fill the table) and every
    // refusal gate passed (a client may retry a `signup_disabled` with `requestSignUp`), before the
    // first write: a replay is refused with nothing written.
    const beforeWrite = async () => {
      if (nonceExpiry !== null && input.nonce) await this.nonces.spend(input.nonce, nonceExpiry);
      await recordIdTokenUse(this.repository, runtime.config.id, input.idToken, claims, this.clock.now());
    };
    return { tokens, user, beforeWrite };
  }
}
