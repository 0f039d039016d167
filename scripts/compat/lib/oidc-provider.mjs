// The repository's oidc-provider fixture (test/fixtures/oidc-provider/server.mjs), run as its own
// process with one confidential client per compatibility app.
import { join } from 'node:path';
import { startProcess } from './processes.mjs';

/** `clients`: [{ clientId, clientSecret, redirectUri }]. Resolves once the provider is listening. */
export async function startOidcProvider(repo, clients) {
  const config = {
    clients: clients.map(({ clientId, clientSecret, redirectUri }) => ({
      client_id: clientId,
      client_secret: clientSecret,
      // The library's default client authentication.
      token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: [redirectUri],
    })),
  };
  const op = startProcess(process.execPath, [join(repo, 'test/fixtures/oidc-provider/server.mjs')], {
    cwd: repo,
    env: { ...process.env, OP_CONFIG: JSON.stringify(config) },
  });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`oidc-provider did not start:\n${op.output()}`)), 15_000);
    op.child.stdout.on('data', () => {
      const line = op.output().split('\n').find((candidate) => candidate.startsWith('{"ready":true'));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    void op.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`oidc-provider exited:\n${op.output()}`));
    });
  });
  return { issuer: ready.issuer, stop: () => op.stop() };
}
