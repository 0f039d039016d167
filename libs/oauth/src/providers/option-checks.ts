/** Small collectors for bootstrap validation: each check records a problem instead of throwing. */
export class Problems {
  constructor(
    private readonly label: string,
    readonly list: string[] = [],
  ) {}

  add(message: string): void {
    this.list.push(`${this.label}: ${message}`);
  }

  /** A collector for a nested object that reports into the same list. */
  child(label: string): Problems {
    return new Problems(`${this.label}.${label}`, this.list);
  }
}

export function optionalString(problems: Problems, name: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(`${name} must be a non-empty string`);
    return null;
  }
  return value.trim();
}

export function optionalBoolean(problems: Problems, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    problems.add(`${name} must be a boolean`);
    return fallback;
  }
  return value;
}

export function oneOf<T extends string>(
  problems: Problems,
  name: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.add(`${name} must be one of ${allowed.join(', ')}`);
  return fallback;
}

export function stringList(problems: Problems, name: string, value: unknown, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string' || entry.trim() === '')) {
    problems.add(`${name} must be a list of non-empty strings`);
    return [...fallback];
  }
  return value.map((entry: string) => entry.trim());
}

export function stringMap(problems: Problems, name: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.add(`${name} must be an object of strings`);
    return {};
  }
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') problems.add(`${name}.${key} must be a string`);
    else result[key] = entry;
  }
  return result;
}

export function positiveInteger(problems: Problems, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    problems.add(`${name} must be a positive integer`);
    return fallback;
  }
  return value;
}

export function unknownKeys(problems: Problems, value: object, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.add(`unknown option "${key}"`);
  }
}

/** A secret or a rotation list of secrets (first = current). */
export function secretList(problems: Problems, name: string, value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((entry) => typeof entry !== 'string')) {
    problems.add(`${name} must be a string or a non-empty list of strings`);
    return null;
  }
  const secrets = list.map((entry: string) => entry.trim());
  // 32 characters ≈ the minimum for a key-derivation input that is not guessable offline.
  if (secrets.some((entry) => entry.length < 32)) problems.add(`${name}: every secret must be at least 32 characters`);
  return secrets;
}
