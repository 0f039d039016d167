import type { OAuthClient } from './oauth-client.js';

/** All provider clients by id, for code that picks the provider at run time (e.g. `/login/:provider`). */
export class OAuthClients {
  private readonly clients: ReadonlyMap<string, OAuthClient>;

  constructor(clients: readonly OAuthClient[]) {
    this.clients = new Map(clients.map((client) => [client.providerId, client]));
  }

  get(providerId: string): OAuthClient | undefined {
    return this.clients.get(providerId);
  }

  ids(): string[] {
    return [...this.clients.keys()];
  }
}
