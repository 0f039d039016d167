import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { escapeHtml, page } from '../pages/html.js';
import type { DevAccounts } from './dev-accounts.js';
import { renderInteractionPage } from './interaction-page.js';

/** Express adds these; typed here so the middleware also runs on a bare node:http server. */
export type DevIdpRequest = IncomingMessage & { originalUrl?: string; body?: unknown };
export type ConnectMiddleware = (req: DevIdpRequest, res: ServerResponse, next: (error?: unknown) => void) => void;

const MAX_FORM_BYTES = 16 * 1024;
const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]{1,64})(\/login)?$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+$/;

/**
 * Handles the dev IdP's own interaction pages and prepares authorization requests; everything else
 * falls through to `provider.callback()`. Must be mounted at the same prefix, before the provider.
 */
export function createInteractionMiddleware(provider: Provider, accounts: DevAccounts, mountPath: string): ConnectMiddleware {
  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://dev-idp.invalid');
    const match = INTERACTION_PATH.exec(url.pathname);
    if (match?.[1] !== undefined) {
      const uid = match[1];
      const isLogin = match[2] !== undefined;
      const handler =
        isLogin && req.method === 'POST'
          ? finishLogin(provider, accounts, mountPath, uid, req, res)
          : !isLogin && req.method === 'GET'
            ? showLogin(provider, mountPath, uid, req, res)
            : Promise.resolve(send(res, 405, errorPage('Method not allowed.')));
      handler.catch((error: unknown) => interactionFailed(res, error, next));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/auth') keepOfflineAccess(req, url);
    next();
  };
}

async function showLogin(provider: Provider, mountPath: string, uid: string, req: DevIdpRequest, res: ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, errorPage('This sign-in request does not belong to this browser.'));
  return send(res, 200, renderInteractionPage({ ...pageBase(details.params, mountPath, uid) }));
}

async function finishLogin(
  provider: Provider,
  accounts: DevAccounts,
  mountPath: string,
  uid: string,
  req: DevIdpRequest,
  res: ServerResponse,
) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, errorPage('This sign-in request does not belong to this browser.'));
  const form = await readForm(req);
  const email = (form.get('email') ?? '').trim();
  const name = (form.get('name') ?? '').trim();
  if (!EMAIL.test(email) || email.length > 254 || name.length > 200) {
    const error = !EMAIL.test(email) || email.length > 254 ? 'Enter a valid email address.' : 'The name is too long.';
    return send(res, 400, renderInteractionPage({ ...pageBase(details.params, mountPath, uid), email, name, error }));
  }
  const account = accounts.remember(email, name === '' ? null : name);
  const clientId = typeof details.params.client_id === 'string' ? details.params.client_id : '';
  // Development only: consent is implied by submitting the form, so grant exactly what was requested.
  const grant = new provider.Grant({ accountId: account.accountId, clientId });
  grant.addOIDCScope(typeof details.params.scope === 'string' ? details.params.scope : 'openid');
  const missingClaims = details.prompt.details.missingOIDCClaims;
  if (missingClaims !== undefined) grant.addOIDCClaims(missingClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
  return undefined;
}

function pageBase(params: Record<string, unknown>, mountPath: string, uid: string) {
  return {
    action: `${mountPath}/interaction/${uid}/login`,
    clientId: typeof params.client_id === 'string' ? params.client_id : 'unknown client',
    scopes: typeof params.scope === 'string' ? params.scope.split(' ').filter((s) => s !== '') : [],
  };
}

/**
 * oidc-provider drops `offline_access` unless the request carries prompt=consent (OIDC Core §11 lets an OP
 * apply other conditions). Our interaction page always asks the user, so for GET authorization requests that
 * ask for offline_access we add `consent` to the prompt: the refresh token is then issued by oidc-provider's
 * own rules. prompt=none is left alone (a silent request must stay silent, and loses offline_access).
 */
function keepOfflineAccess(req: DevIdpRequest, url: URL): void {
  const scopes = (url.searchParams.get('scope') ?? '').split(' ');
  const prompts = (url.searchParams.get('prompt') ?? '').split(' ').filter((p) => p !== '');
  if (!scopes.includes('offline_access') || prompts.includes('consent') || prompts.includes('none')) return;
  url.searchParams.set('prompt', [...prompts, 'consent'].join(' '));
  const oldUrl = req.url ?? '/';
  const newUrl = `${url.pathname}${url.search}`;
  // Keep Express's originalUrl consistent: oidc-provider derives its mount path from originalUrl minus url.
  if (req.originalUrl?.endsWith(oldUrl) === true) {
    req.originalUrl = `${req.originalUrl.slice(0, req.originalUrl.length - oldUrl.length)}${newUrl}`;
  }
  req.url = newUrl;
}

async function readForm(req: DevIdpRequest): Promise<URLSearchParams> {
  // An upstream body parser may already have consumed the stream (e.g. Express's urlencoded parser).
  if (req.body !== null && typeof req.body === 'object' && !req.readable) {
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.body)) if (typeof value === 'string') fields[key] = value;
    return new URLSearchParams(fields);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new Error('form body too large');
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function interactionFailed(res: ServerResponse, error: unknown, next: (error?: unknown) => void): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  // oidc-provider's SessionNotFound: no or a foreign interaction cookie, or an expired interaction.
  const name = error instanceof Error ? error.name : '';
  const expired = name === 'SessionNotFound' || name === 'InvalidRequest';
  send(
    res,
    400,
    errorPage(
      expired
        ? 'This sign-in request has expired or was started in another browser. Go back to the app and start again.'
        : 'The sign-in request could not be completed.',
    ),
  );
}

function errorPage(message: string): string {
  return page('Development identity provider', `<h1>Development identity provider</h1><p role="alert">${escapeHtml(message)}</p>`);
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // No scripts on these pages, and they must not be framed (click-jacking the consent).
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}
