/**
 * Small, pure parsers for environment values. Each returns the parsed value or pushes a problem onto the
 * caller's list, so `loadDemoConfig` can report every problem of a bad environment at once (fail at boot,
 * never half-configured). Problems name the variable, never its value: some of them are secrets.
 */

export type Problems = string[];

/** The trimmed value, or undefined when unset or blank (an empty `FOO=` in a .env file means "unset"). */
export function readEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function parseInteger(
  problems: Problems,
  name: string,
  raw: string | undefined,
  fallback: number,
  range: { min: number; max: number },
): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) {
    problems.push(`${name} must be an integer between ${range.min} and ${range.max}`);
    return fallback;
  }
  const value = Number(raw);
  if (value < range.min || value > range.max) {
    problems.push(`${name} must be an integer between ${range.min} and ${range.max}`);
    return fallback;
  }
  return value;
}

export function parseChoice<T extends string>(
  problems: Problems,
  name: string,
  raw: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (raw === undefined) return fallback;
  const match = choices.find((choice) => choice === raw.toLowerCase());
  if (match === undefined) {
    problems.push(`${name} must be one of: ${choices.join(', ')}`);
    return fallback;
  }
  return match;
}

/** `true` / `false`, or undefined when unset (a tri-state, e.g. OIDC_REQUIRE_ISSUER_PARAMETER). */
export function parseOptionalBoolean(problems: Problems, name: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  problems.push(`${name} must be true or false (or unset)`);
  return undefined;
}

/**
 * An absolute http(s) URL. `originOnly` rejects paths and returns the normalised origin: the demo derives
 * callback URLs and the dev IdP mount from it by plain concatenation. Otherwise the value is returned as
 * given (an issuer is compared as an exact string, so it must not be normalised).
 */
export function parseHttpUrl(
  problems: Problems,
  name: string,
  raw: string,
  options: { originOnly: boolean },
): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name} must be an absolute http(s) URL`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${name} must use http or https`);
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    problems.push(`${name} must not contain credentials`);
    return undefined;
  }
  if (url.search !== '' || url.hash !== '') {
    problems.push(`${name} must not have a query or a fragment`);
    return undefined;
  }
  if (options.originOnly && url.pathname !== '/') {
    problems.push(`${name} must be an origin without a path (e.g. http://localhost:3000)`);
    return undefined;
  }
  return options.originOnly ? url.origin : raw;
}

/** RFC 8252 loopback hosts: the only ones where plain http is acceptable for an identity provider. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** A space-separated list (scopes): duplicates removed, order kept. */
export function parseSpaceList(raw: string): string[] {
  return [...new Set(raw.split(/\s+/).filter((item) => item !== ''))];
}
