import { OAuthError } from '../../errors/oauth-error.js';
import { providerFetch, type TransportHttp } from '../../transport/http.js';
import { ProviderRequestError } from '../../errors/transport-errors.js';
import { fetchUserinfo } from '../../transport/userinfo.js';
import { MICROSOFT_PHOTO_URL_TEMPLATE, type MicrosoftPhotoSize } from './microsoft-endpoints.js';

/** A profile picture larger than this is dropped: it ends up in the individual's row and in pages. */
const MAX_PHOTO_BYTES = 256 * 1024;
/** Raster types only: an SVG data URL can carry script if a page ever opens it directly. */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp']);

/** Graph OIDC userinfo (spec §13.2); every failure is `user_info_missing`. */
export async function fetchGraphUserinfo(
  http: TransportHttp,
  endpoint: string | null,
  accessToken: string,
): Promise<Record<string, unknown>> {
  if (!endpoint) throw new OAuthError('user_info_missing', 'provider metadata has no userinfo endpoint');
  try {
    return await fetchUserinfo(http, endpoint, accessToken);
  } catch (error) {
    const shape = error instanceof ProviderRequestError && error.failure === 'invalid_response';
    const message = shape ? 'provider user info missing profile data' : 'failed to fetch provider user info';
    throw new OAuthError('user_info_missing', message, { cause: error });
  }
}

/**
 * The signed-in user's Graph photo as a data URL, or null. Best effort (spec §13.2): a missing photo
 * (Graph answers 404 for users without one) or any failure leaves the profile without a picture.
 */
export async function fetchGraphPhoto(
  http: TransportHttp,
  size: MicrosoftPhotoSize,
  accessToken: string,
): Promise<string | null> {
  const url = MICROSOFT_PHOTO_URL_TEMPLATE.replaceAll('{size}', String(size));
  try {
    const response = await providerFetch(http, 'userinfo', url, {
      method: 'GET',
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return null;
    }
    const type = (response.headers.get('content-type') ?? 'image/jpeg').split(';')[0]?.trim().toLowerCase() ?? '';
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (!PHOTO_TYPES.has(type) || declared > MAX_PHOTO_BYTES) {
      await response.body?.cancel().catch(() => undefined);
      return null;
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length === 0 || bytes.length > MAX_PHOTO_BYTES) return null;
    return `data:${type};base64,${bytes.toString('base64')}`;
  } catch {
    return null;
  }
}
