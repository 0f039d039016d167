import type { DataSource } from 'typeorm';
import type { Clock, OAuthProviderDefinition } from '@belgie/nestjs-oauth';
import { TypeOrmOAuthRepository } from '@belgie/nestjs-oauth-typeorm';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../libs/oauth-typeorm/src/testing/servers.js';
import { openDataSource } from '../../libs/oauth-typeorm/src/testing/test-databases.js';
import { freePort } from './free-port.js';
import { startTestApp, type TestApp } from './oauth-test-app.js';
import type { OidcProviderConfig, RunningOidcProvider } from './oidc-provider-process.js';
import { startOpForApp } from './real-op-client.js';

/** One throwaway PostgreSQL database, and a separate connection pool per "instance". */
export class SharedPostgres {
  private readonly pools: DataSource[] = [];

  private constructor(private readonly database: ThrowawayDatabase) {}

  static async create(serverUrl: string): Promise<SharedPostgres> {
    return new SharedPostgres(await createThrowawayDatabase(serverUrl));
  }

  /** A repository on its own pool: instances share the database and nothing else. */
  async repository(): Promise<TypeOrmOAuthRepository> {
    const pool = await openDataSource({ type: 'postgres', url: this.database.url });
    this.pools.push(pool);
    return new TypeOrmOAuthRepository({ dataSource: pool });
  }

  async count(table: 'individuals' | 'sessions' | 'oauth_accounts' | 'oauth_states'): Promise<number> {
    const pool = this.pools[0];
    if (!pool) throw new Error('no pool open');
    const rows: unknown = await pool.query(`SELECT COUNT(*)::int AS n FROM ${table}`);
    return Array.isArray(rows) ? Number((rows[0] as { n: number }).n) : 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((pool) => pool.destroy()));
    await this.database.drop();
  }
}

/** Two app instances on one database, and the OP they sign in with. */
export interface InstancePair<P extends OAuthProviderDefinition> {
  op: RunningOidcProvider;
  database: SharedPostgres;
  provider: P;
  /** Listens on the public URL. */
  a: TestApp;
  /** Configured with A's public URL (as behind a load balancer), listening on its own port (`b.baseUrl`). */
  b: TestApp;
  close(): Promise<void>;
}

export interface InstancePairOptions<P extends OAuthProviderDefinition> {
  /** The one provider both instances use, for the app's client at the started OP. */
  provider: (op: RunningOidcProvider) => P;
  /** OP settings besides its client (token lifetimes, rotation). */
  op?: Omit<OidcProviderConfig, 'clients'>;
  /** One clock per instance; default: the real clock. */
  clocks?: readonly [Clock, Clock];
}

/**
 * Several app instances behind one public URL, one PostgreSQL database (a throwaway one on
 * `postgresServer`), no shared memory: only what the database shares is shared.
 */
export async function startInstancePair<P extends OAuthProviderDefinition>(
  postgresServer: string,
  options: InstancePairOptions<P>,
): Promise<InstancePair<P>> {
  const [portA, portB] = [await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${portA}`;
  // Stopped in reverse order, also when a later step fails (a leaked OP process would keep Jest alive).
  const started: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const stop of started.splice(0).reverse()) await stop();
  };
  try {
    const op = await startOpForApp([`${publicUrl}/auth/provider/op/callback`], options.op);
    started.push(() => op.stop());
    const database = await SharedPostgres.create(postgresServer);
    started.push(() => database.close());
    const provider = options.provider(op);
    const clock = (index: 0 | 1) => (options.clocks ? { clock: options.clocks[index] } : {});
    const a = await startTestApp({ port: portA, providers: [provider], repository: await database.repository(), ...clock(0) });
    started.push(() => a.close());
    const b = await startTestApp({ port: portB, providers: [provider], repository: await database.repository(), ...clock(1), baseUrl: publicUrl });
    started.push(() => b.close());
    return { op, database, provider, a, b, close };
  } catch (error) {
    await close();
    throw error;
  }
}
