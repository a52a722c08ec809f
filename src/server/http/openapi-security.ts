// How the OpenAPI description says which operations need a session: every operation does, except
// the public ones listed here (the catalog, the directory, the public check of a document, signing
// in and up, recovery, following an invitation, health); a write with a session also proves it
// comes from our own page (the CSRF token, or a header a cross-site form cannot set —
// http/request.ts). The authorization matrix test holds this list to what the routes do: an
// operation a visitor may call is here, and only those.
import { SESSION_COOKIE } from '../auth/sessions.js';

export const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set([
  'GET /api/v1/health',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/signup',
  'POST /api/v1/auth/recovery',
  'POST /api/v1/auth/recovery/confirm',
  'POST /api/v1/auth/email/confirm',
  'POST /api/v1/auth/invitation/confirm',
  'GET /api/v1/territories',
  'GET /api/v1/territories/{id}',
  'GET /api/v1/organizations',
  'GET /api/v1/organizations/{id}',
  'GET /api/v1/providers',
  'GET /api/v1/providers/{id}',
  'GET /api/v1/providers/{id}/departments',
  'GET /api/v1/departments',
  'GET /api/v1/departments/{id}',
  'GET /api/v1/positions',
  'GET /api/v1/positions/{id}',
  'GET /api/v1/catalog',
  'GET /api/v1/catalog/{id}',
  'GET /api/v1/catalog/{id}/schedule.ics',
  'GET /api/v1/files/{id}',
  'GET /api/v1/certificates/verify/{number}',
]);

export const securitySchemes = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'Cookie сессии, которую устанавливает POST /api/v1/auth/login.',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: 'Для изменяющих запросов с cookie: значение csrfToken из GET /api/v1/me.',
  },
  requestedWith: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Requested-With',
    description: 'Для изменяющих запросов с cookie из программ (не из браузера): значение `ebppk`.',
  },
} as const;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The OpenAPI path of a Fastify route: `/courses/:id` → `/courses/{id}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The security requirement of an operation. */
export function securityOf(method: string, url: string): Record<string, string[]>[] {
  if (PUBLIC_OPERATIONS.has(`${method} ${openApiPath(url)}`)) return [];
  if (SAFE.has(method)) return [{ session: [] }];
  return [
    { session: [], csrfToken: [] },
    { session: [], requestedWith: [] },
  ];
}
