import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuthProvider, type AccountRecord, type OAuthClient } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { jsonCall, signInViaApp } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { appClientOptions, callbackUrl, clientOf as registeredClient, startOpForApp } from '../helpers/real-op-client.js';

const OLD = 'old-master-secret-0123456789-abcdefghij';
const NEW = 'new-master-secret-0123456789-klmnopqrst';

/** `enc:v2:` + the sealed envelope `v1.<kid>.<body>`: the kid names the key that wrote the value. */
function keyIdOf(stored: string | null): string | null {
  const match = /^enc:v2:v1\.([A-Za-z0-9_-]{8})\./.exec(stored ?? '');
  return match?.[1] ?? null;
}

/**
 * Three Nest apps over ONE repository stand in for one database read by deployments with different
 * configurations: before a key rotation ([old]), after it ([new, old]), and with encryption off.
 */
describe('token encryption at rest: versioned keys, rotation, plaintext rows, clear errors', () => {
  let op: RunningOidcProvider;
  let repository: InMemoryOAuthRepository;
  let before: TestApp;
  let rotated: TestApp;
  let plain: TestApp;
  let byDefault: TestApp;
  let kaiId: string;
  let kaiSub: string;
  const clientOf = (app: TestApp): OAuthClient => registeredClient(app);
  const row = async (sub: string): Promise<AccountRecord> => {
    const found = await repository.findAccount('op', sub);
    if (!found) throw new Error('row missing');
    return found;
  };

  beforeAll(async () => {
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    op = await startOpForApp(ports.map((port) => callbackUrl(port)));
    repository = new InMemoryOAuthRepository();
    const provider = (encryptTokens: boolean) => OAuthProvider({ id: 'op', ...appClientOptions(op.issuer), encryptTokens });
    const [p0, p1, p2, p3] = ports as [number, number, number, number];
    before = await startTestApp({ port: p0, repository, secret: [OLD], providers: [provider(true)] });
    rotated = await startTestApp({ port: p1, repository, secret: [NEW, OLD], providers: [provider(true)] });
    plain = await startTestApp({ port: p2, repository, secret: [NEW, OLD], providers: [provider(false)] });
    // No encryptTokens option at all: encryption is the default (opt-out).
    byDefault = await startTestApp({ port: p3, repository, secret: [NEW, OLD], providers: [OAuthProvider({ id: 'op', ...appClientOptions(op.issuer) })] });
    kaiId = await signInViaApp(new TestBrowser(), before.baseUrl, 'op', 'kai@example.com');
    kaiSub = (await clientOf(before).listAccounts(kaiId))[0]?.providerAccountId ?? '';
  }, 30_000);

  afterAll(async () => {
    await Promise.all([before?.close(), rotated?.close(), plain?.close(), byDefault?.close()]);
    await op?.stop();
  });

  it('stores the three tokens encrypted under the current key id; the row holds no plaintext token', async () => {
    const stored = await row(kaiSub);
    const tokens = await clientOf(before).tokenSet(kaiId, null, { autoRefresh: false });
    const oldKid = keyIdOf(stored.accessToken);
    expect(oldKid).not.toBeNull();
    expect(keyIdOf(stored.refreshToken)).toBe(oldKid);
    expect(keyIdOf(stored.idToken)).toBe(oldKid);
    for (const [value, secret] of [[stored.accessToken, tokens.accessToken], [stored.refreshToken, tokens.refreshToken], [stored.idToken, tokens.idToken]] as const) {
      expect(secret).toBeTruthy();
      expect(value).not.toContain(secret ?? '');
    }
    // Metadata stays readable (queries, expiry checks): only token strings are sealed.
    expect(stored.scope).toContain('openid');
    expect(stored.accessTokenExpiresAt).toBeInstanceOf(Date);
  });

  it('after rotation ([new, old]) old rows still read, and the next write uses the new key id', async () => {
    const written = await clientOf(before).tokenSet(kaiId, null, { autoRefresh: false });
    const read = await clientOf(rotated).tokenSet(kaiId, null, { autoRefresh: false });
    expect(read.accessToken).toBe(written.accessToken);
    expect(read.refreshToken).toBe(written.refreshToken);
    const oldKid = keyIdOf((await row(kaiSub)).accessToken);
    const refreshed = await clientOf(rotated).refreshAccount(kaiId);
    const stored = await row(kaiSub);
    const newKid = keyIdOf(stored.accessToken);
    expect(newKid).not.toBeNull();
    expect(newKid).not.toBe(oldKid);
    expect(keyIdOf(stored.refreshToken)).toBe(newKid);
    expect((await clientOf(rotated).tokenSet(kaiId, null, { autoRefresh: false })).accessToken).toBe(refreshed.accessToken);
  });

  it('a deployment whose key is gone fails with token_decryption_failed (never hands ciphertext to anyone)', async () => {
    await expect(clientOf(before).tokenSet(kaiId, null, { autoRefresh: false })).rejects.toMatchObject({
      code: 'token_decryption_failed',
      message: 'failed to decrypt stored OAuth tokens',
    });
  });

  it('a deployment with encryptTokens off meets an encrypted row: token_decryption_not_configured, also over HTTP', async () => {
    await expect(clientOf(plain).getAccessToken(kaiId)).rejects.toMatchObject({ code: 'token_decryption_not_configured' });
    const browser = new TestBrowser();
    // Signing in through the plain deployment re-writes kai's tokens in plaintext (same identity, same row).
    expect(await signInViaApp(browser, plain.baseUrl, 'op', 'kai@example.com')).toBe(kaiId);
    const stored = await row(kaiSub);
    expect(keyIdOf(stored.accessToken)).toBeNull();
    const viaHttp = await jsonCall(browser, `${plain.baseUrl}/auth/provider/op/access-token`, { json: {} });
    expect(viaHttp.status).toBe(200);
    expect(viaHttp.body['accessToken']).toBe(stored.accessToken);
  });

  it('plaintext rows stay readable where encryption is on (migration), and the next write seals them', async () => {
    const plaintext = (await row(kaiSub)).accessToken;
    expect(await clientOf(rotated).getAccessToken(kaiId)).toBe(plaintext);
    await clientOf(rotated).refreshAccount(kaiId);
    const stored = await row(kaiSub);
    expect(keyIdOf(stored.accessToken)).not.toBeNull();
    await expect(clientOf(plain).tokenSet(kaiId)).rejects.toMatchObject({
      code: 'token_decryption_not_configured',
      message: 'stored OAuth tokens are encrypted but decryption is not configured',
    });
  });

  it('attack: a database dump of a default deployment (no encryptTokens option) holds no usable token', async () => {
    const browser = new TestBrowser();
    const leaId = await signInViaApp(browser, byDefault.baseUrl, 'op', 'lea@example.com');
    const [account] = await clientOf(byDefault).listAccounts(leaId);
    const stored = await row(account?.providerAccountId ?? '');
    for (const [value, secret] of [[stored.accessToken, account?.accessToken], [stored.refreshToken, account?.refreshToken], [stored.idToken, account?.idToken]] as const) {
      expect(keyIdOf(value)).not.toBeNull();
      expect(secret).toBeTruthy();
      expect(value).not.toContain(secret ?? '');
    }
  });

  it('attack: swapping ciphertexts between two accounts or two columns does not hand out the victim token (token_decryption_failed over HTTP)', async () => {
    const victim = new TestBrowser();
    const victimId = await signInViaApp(victim, byDefault.baseUrl, 'op', 'vic@example.com');
    const attacker = new TestBrowser();
    const attackerId = await signInViaApp(attacker, byDefault.baseUrl, 'op', 'mal@example.com');
    const [victimAccount] = await repository.listAccounts(victimId, 'op');
    const [attackerAccount] = await repository.listAccounts(attackerId, 'op');
    if (!victimAccount || !attackerAccount) throw new Error('accounts missing');
    const accessToken = () => jsonCall(attacker, `${byDefault.baseUrl}/auth/provider/op/access-token`, { json: {} });
    expect((await accessToken()).status).toBe(200);
    const swaps: [string, string | null][] = [
      // Someone with write access to the table moves the victim's sealed access token into their own row...
      ['another row', victimAccount.accessToken],
      // ...or their own ID token (readable by them anyway) into the access-token column.
      ['another column', attackerAccount.idToken],
    ];
    for (const [_label, sealed] of swaps) {
      await repository.updateAccountTokens(attackerAccount.id, { ...attackerAccount, accessToken: sealed });
      const response = await accessToken();
      expect({ status: response.status, code: response.body['code'] }).toEqual({ status: 400, code: 'token_decryption_failed' });
      expect(JSON.stringify(response.body)).not.toContain('enc:v2:');
    }
    // The victim's own row still reads.
    expect((await jsonCall(victim, `${byDefault.baseUrl}/auth/provider/op/access-token`, { json: {} })).status).toBe(200);
  });
});
