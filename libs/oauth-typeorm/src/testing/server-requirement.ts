/** A database server the tests need: where it is, how to name it in a message, how to probe it. */
export interface TestServer {
  /** For messages: `PostgreSQL`, `MySQL/MariaDB`. */
  label: string;
  /** The variable that overrides the URL. */
  envName: string;
  url: string;
  defaultPort: string;
  isReachable(url: string): Promise<boolean>;
}

/** host:port only: the URL may carry credentials. */
function describeServer(server: TestServer): string {
  const url = new URL(server.url);
  return `${url.hostname}:${url.port || server.defaultPort}`;
}

/**
 * The server URL when the server answers. Otherwise: in CI (`CI` set) this throws, because a
 * silently skipped database suite would look green; locally it warns and returns null, and the
 * caller registers no tests for that database.
 */
export async function requireServer(server: TestServer, suite: string): Promise<string | null> {
  if (await server.isReachable(server.url)) return server.url;
  const where = `${server.label} at ${describeServer(server)}`;
  if (process.env['CI'] !== undefined && process.env['CI'] !== '') {
    throw new Error(`${where} is unreachable and ${suite} needs it in CI (set ${server.envName})`);
  }
  console.warn(`${where} is unreachable: ${suite} runs without its ${server.label} tests`);
  return null;
}
