import { NotFoundException } from '@nestjs/common';
import type { ProviderRuntime } from './provider-runtime.js';

/** The configured providers by id (routes take the id from the path). */
export class ProviderRegistry {
  private readonly runtimes: ReadonlyMap<string, ProviderRuntime>;

  constructor(runtimes: readonly ProviderRuntime[]) {
    this.runtimes = new Map(runtimes.map((runtime) => [runtime.config.id, runtime]));
  }

  /** 404 for an unknown id: routes of unconfigured providers do not exist. */
  get(providerId: string): ProviderRuntime {
    const runtime = this.find(providerId);
    if (!runtime) throw new NotFoundException();
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
