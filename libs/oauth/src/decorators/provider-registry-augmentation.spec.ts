import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * Module augmentation cannot be tested inside the repository's own program (it would constrain
 * every file), so this compiles a small app file in a program of its own, exactly as an app's
 * `tsc` would see the package: the augmented ids compile, anything else does not.
 */
const root = process.cwd();
const appFile = join(root, 'test', 'virtual-app', 'oauth-app.ts');

const APP_SOURCE = `
import { InjectOAuth, ProviderAccessToken, RequireLinkedAccount, type OAuthClient } from '@belgie/nestjs-oauth';

declare module '@belgie/nestjs-oauth' {
  interface OAuthProviderRegistry {
    google: true;
    corp: true;
  }
}

export class CalendarService {
  constructor(@InjectOAuth('google') readonly google: OAuthClient<'google'>) {}

  @RequireLinkedAccount('corp', { scopes: ['calendar'] })
  list(@ProviderAccessToken('corp') token: string): string {
    return token;
  }
}
`;

function diagnosticsOf(source: string): string[] {
  const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, root);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, incremental: false, declaration: false, types: ['node'] };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (path) => path === appFile || fileExists.call(host, path);
  host.readFile = (path) => (path === appFile ? source : readFile.call(host, path));
  host.getSourceFile = (path, language, onError, create) =>
    path === appFile ? ts.createSourceFile(path, source, language) : getSourceFile.call(host, path, language, onError, create);
  const program = ts.createProgram([appFile], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file?.fileName === appFile)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('OAuthProviderRegistry augmentation (compiled as an app would)', () => {
  it('accepts the registered ids in @InjectOAuth, @RequireLinkedAccount and @ProviderAccessToken', () => {
    expect(diagnosticsOf(APP_SOURCE)).toEqual([]);
  }, 60_000);

  it('rejects an unregistered id at compile time in each of them', () => {
    const typos = APP_SOURCE.replace("@InjectOAuth('google')", "@InjectOAuth('gogle')")
      .replace("@RequireLinkedAccount('corp'", "@RequireLinkedAccount('crop'")
      .replace("@ProviderAccessToken('corp')", "@ProviderAccessToken('microsoft')");
    const errors = diagnosticsOf(typos);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain(`'"gogle"' is not assignable`);
    expect(errors.join('\n')).toContain('"crop"');
    expect(errors.join('\n')).toContain('"microsoft"');
  }, 60_000);
});
