import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { OAuthError } from '../errors/oauth-error.js';
import { requestHeader } from '../http/http-adapter.js';
import type { RedirectSettings } from '../options/settings.js';
import { OAUTH_REDIRECT_SETTINGS } from '../options/tokens.js';

// Fetch Metadata (W3C): what the browser says about who initiated the request.
const ALLOWED_FETCH_SITES: ReadonlySet<string> = new Set(['same-origin', 'none']);

/**
 * CSRF defence for state-changing routes that accept form posts (`POST /auth/sign-out`, an app's own
 * `/logout`): refuses requests a browser marks as cross-origin, answering 403 `cross_site_request`.
 * SameSite=Lax alone is not enough: a sibling subdomain is "same-site" (its forms carry our cookies),
 * and browsers without SameSite defaults send them anyway. Checks `Sec-Fetch-Site` first (only
 * `same-origin` or `none`, i.e. typed or bookmarked), else `Origin` (must be the app's own); a request
 * with neither comes from a non-browser client or a browser too old to send them, and is let through.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  constructor(@Inject(OAUTH_REDIRECT_SETTINGS) private readonly options: RedirectSettings) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<unknown>();
    const site = requestHeader(request, 'sec-fetch-site');
    if (site !== undefined) {
      if (!ALLOWED_FETCH_SITES.has(site.trim().toLowerCase())) throw refused();
      return true;
    }
    const origin = requestHeader(request, 'origin');
    if (origin !== undefined && origin.trim().toLowerCase() !== this.options.baseOrigin) throw refused();
    return true;
  }
}

function refused(): OAuthError {
  return new OAuthError('cross_site_request', 'cross-site request refused');
}
