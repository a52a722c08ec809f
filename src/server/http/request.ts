// The request's actor: resolved once per request from the session cookie, checked for CSRF on
// writes, and handed to routes as `who`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Who } from '../access/actor.js';
import { actorFromToken, SESSION_COOKIE } from '../auth/sessions.js';
import type { Ctx } from '../context.js';
import { DomainError, Forbidden, Unauthorized } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
// Routes a user who must change a temporary password may still call.
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([
  '/api/v1/me',
  '/api/v1/auth/logout',
  '/api/v1/auth/password',
]);

export function installActor(app: FastifyInstance, ctx: Ctx) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    request.actor = await actorFromToken(ctx.db, token, ctx.now());
    if (!request.actor || SAFE.has(request.method)) return;
    // A write carried by the session cookie must prove it comes from our own page: the session's
    // CSRF token, or a header a cross-site form cannot set (non-browser clients).
    const token2 = request.headers['x-csrf-token'];
    const xrw = request.headers['x-requested-with'];
    if (token2 !== request.actor.csrfToken && xrw !== 'ebppk')
      throw new DomainError(
        403,
        'Запрос отклонён',
        'Обновите страницу и повторите действие (защита от подделки запроса)',
      );
  });
  app.addHook('preHandler', async (request) => {
    const path = request.routeOptions.url ?? '';
    if (
      request.actor?.mustChangePassword &&
      !ALLOWED_BEFORE_PASSWORD_CHANGE.has(path) &&
      !SAFE.has(request.method)
    )
      throw new Forbidden('Сначала смените временный пароль');
  });
}

export const metaOf = (request: FastifyRequest) => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
});

/** The acting party; anonymous visitors get `actor: null`. */
export const whoOf = (request: FastifyRequest): Who => ({ actor: request.actor, meta: metaOf(request) });

/** The acting party of a route that needs a signed-in user. */
export function signedIn(request: FastifyRequest): Who & { actor: Actor } {
  if (!request.actor) throw new Unauthorized();
  return { actor: request.actor, meta: metaOf(request) };
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
