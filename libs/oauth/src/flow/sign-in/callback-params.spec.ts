import { describe, expect, it } from '@jest/globals';
import { thrownOAuthError as thrownBy } from '../../errors/oauth-error.spec-support.js';
import { collectCallbackParams, hasAnyParams, redispatchUrl } from './callback-params.js';

describe('collectCallbackParams (spec §6.5 step 2)', () => {
  it('merges query and form, the form winning', () => {
    expect(
      collectCallbackParams({ code: 'q-code', state: 's', iss: 'https://op' }, { code: 'f-code', extra: 'x' }),
    ).toEqual({ code: 'f-code', state: 's', iss: 'https://op', extra: 'x' });
    expect(collectCallbackParams({ state: 's' }, undefined)).toEqual({ state: 's' });
  });

  it('ignores values that are not strings (nested objects from an extended query parser)', () => {
    expect(collectCallbackParams({ state: 's', nested: { a: 'b' }, count: 3 }, undefined)).toEqual({ state: 's' });
  });

  it.each([
    ['iss', 'issuer_mismatch', 'duplicated iss parameter'],
    ['state', 'state_mismatch', 'duplicated state parameter'],
    ['code', 'oauth_code_verification_failed', 'duplicated code parameter'],
    ['error', 'oauth_code_verification_failed', 'duplicated error parameter'],
  ])('refuses a duplicated %s in the query (parameter pollution) with %s', (key, code, message) => {
    const error = thrownBy(() => collectCallbackParams({ state: 's', [key]: ['one', 'two'] }, undefined));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    // The message names the parameter, never its values (they may be a code).
    expect(error.message).not.toMatch(/one|two/);
  });

  it('refuses a duplicated parameter in the form body too', () => {
    expect(thrownBy(() => collectCallbackParams({}, { iss: ['a', 'a'] })).code).toBe('issuer_mismatch');
    expect(thrownBy(() => collectCallbackParams({ state: 's' }, { state: ['s', 't'] })).code).toBe('state_mismatch');
  });

  it('refuses even two identical values: "both agree" is not checked, duplication is the anomaly', () => {
    expect(thrownBy(() => collectCallbackParams({ iss: ['https://op', 'https://op'] }, undefined)).code).toBe('issuer_mismatch');
  });
});

describe('hasAnyParams', () => {
  it('is true when either source has a key', () => {
    expect(hasAnyParams({}, undefined)).toBe(false);
    expect(hasAnyParams({}, {})).toBe(false);
    expect(hasAnyParams({ a: 'b' }, undefined)).toBe(true);
    expect(hasAnyParams({}, { code: 'c' })).toBe(true);
  });
});

describe('redispatchUrl (form_post → same-site GET, spec §6.5 step 1)', () => {
  const callback = 'https://app.example/auth/provider/op/callback';

  it('moves every form field into the query of our own callback URL', () => {
    const url = new URL(redispatchUrl(callback, {}, { code: 'c', state: 's', iss: 'https://op' }));
    expect(`${url.origin}${url.pathname}`).toBe(callback);
    expect([...url.searchParams]).toEqual([
      ['code', 'c'],
      ['state', 's'],
      ['iss', 'https://op'],
    ]);
  });

  it('keeps duplicates so the GET is refused the same way, and drops non-strings', () => {
    const url = new URL(redispatchUrl(callback, { a: '1' }, { iss: ['x', 'y'], nested: { b: 'c' } }));
    expect([...url.searchParams]).toEqual([
      ['a', '1'],
      ['iss', 'x'],
      ['iss', 'y'],
    ]);
  });

  it('uses only the origin and path of the given URL (never a query or fragment it carries)', () => {
    const url = redispatchUrl(`${callback}?old=1#frag`, {}, { state: 's' });
    expect(url).toBe(`${callback}?state=s`);
  });

  it('encodes values so they cannot inject further parameters', () => {
    const url = new URL(redispatchUrl(callback, {}, { state: 's&code=forged' }));
    expect(url.searchParams.get('state')).toBe('s&code=forged');
    expect(url.searchParams.has('code')).toBe(false);
  });
});
