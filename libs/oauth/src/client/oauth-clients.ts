import { OAuthError } from '../errors/oauth-error.js';
import type { OAuthClient } from './oauth-client.js';

/** All provider clients by id, for code that picks the provider at run time (e.g. `/login/:provider`). */
export class OAuthClients {
  private readonly clients: ReadonlyMap<string, OAuthClient>;

  constructor(clients: readonly OAuthClient[]) {
    this.clients = new Map(clients.map((client) => [client.providerId, client]));
  }

  /** The client, or `undefined` for an id that is not configured. */
  get(providerId: string): OAuthClient | undefined {
    return this.clients.get(providerId);
  }

  /**
   * The client, or a coded `provider_not_found` error (404 under `OAuthExceptionFilter`): an id taken
   * from a URL is user input, and an unknown one is the request's mistake, not a server error.
   */
  getOrThrow(providerId: string): OAuthClient {
    const client = this.clients.get(providerId);
    if (client === undefined) throw new OAuthError('provider_not_found', 'unknown OAuth provider');
    return client;
  }

  ids(): string[] {
    return [...this.clients.keys()];
  }
}
