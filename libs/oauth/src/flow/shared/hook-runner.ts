import { Inject, Injectable, Logger } from '@nestjs/common';
import { OAUTH_HOOKS } from '../../options/tokens.js';
import type { OAuthHooks } from '../../options/hooks.js';

type HookName = keyof OAuthHooks;
type HookEvent<Name extends HookName> = Parameters<NonNullable<OAuthHooks[Name]>>[0];

/** Runs app hooks; a throwing hook is logged (name and error type only) and never undoes the flow. */
@Injectable()
export class HookRunner {
  private readonly logger = new Logger('OAuthHooks');

  constructor(@Inject(OAUTH_HOOKS) private readonly hooks: OAuthHooks) {}

  async run<Name extends HookName>(name: Name, event: HookEvent<Name>): Promise<void> {
    const hook = this.hooks[name] as ((event: HookEvent<Name>) => unknown) | undefined;
    if (!hook) return;
    try {
      await hook.call(this.hooks, event);
    } catch (error) {
      const kind = error instanceof Error ? error.name : typeof error;
      this.logger.warn(JSON.stringify({ event: 'oauth.hook_failed', hook: name, provider: event.providerId, error: kind }));
    }
  }
}
