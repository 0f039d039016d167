import { OAuthError } from '../errors/oauth-error.js';
import type { ProviderRuntime } from './provider-runtime.js';

/** The configured providers by id (routes take the id from the path). */
export class ProviderRegistry {
  private readonly runtimes: ReadonlyMap<string, ProviderRuntime>;

  constructor(runtimes: readonly ProviderRuntime[]) {
    this.runtimes = new Map(runtimes.map((runtime) => [runtime.config.id, runtime]));
  }

  /** `provider_not_found` (404, from the table of codes) for an unknown id: routes of unconfigured providers do not exist. */
  get(providerId: string): ProviderRuntime {
    const runtime = this.find(providerId);
    if (!runtime) throw new OAuthError('provider_not_found', 'unknown OAuth provider');
    return runtime;
  }

  find(providerId: string): ProviderRuntime | undefined {
    return this.runtimes.get(providerId);
  }

  /** The configured ids, in configuration order. */
  ids(): string[] {
    return [...this.runtimes.keys()];
  }
}
