// Builds the Fastify app: security headers, cookies, the error handler, OpenAPI, every module's
// routes under /api/v1, and the built web UI with a fallback to index.html for client routes.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { accountRoutes } from './accounts/routes.js';
import { applicationRoutes } from './applications/routes.js';
import { archiveRoutes } from './archive/routes.js';
import { attendanceRoutes } from './attendance/routes.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { AnswerCache } from './catalog/answers.js';
import { catalogRoutes } from './catalog/routes.js';
import { certificateRoutes } from './certificates/routes.js';
import type { TrustProxy } from './config.js';
import type { Ctx } from './context.js';
import { conversationRoutes } from './conversations/routes.js';
import { courseRoutes } from './courses/routes.js';
import { cpdRoutes } from './cpd/routes.js';
import { dashboardRoutes } from './dashboards/routes.js';
import { directoryRoutes } from './directory/routes.js';
import { fileRoutes } from './files/routes.js';
import { form1pkRoutes } from './form1pk/routes.js';
import { groupRoutes } from './groups/routes.js';
import { securityOf, securitySchemes } from './http/openapi-security.js';
import { clientErrorHandler, installProblemHandler, sendProblem } from './http/problem.js';
import { installActor } from './http/request.js';
import { jobRoutes } from './jobs/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { profileRoutes } from './profile/routes.js';
import { programRoutes } from './programs/routes.js';
import { reportRoutes } from './reports/routes.js';
import { systemRoutes } from './system/routes.js';
import { teacherRoutes } from './teachers/routes.js';

export const WEB_DIST = resolve(import.meta.dirname, '../../dist/web');

export type AppOptions = { logger?: boolean | object; webDist?: string | null };

/** Writes that change nothing the public catalog shows (see the answer cache below). */
const LEAVES_CATALOG = new Set(
  [
    // Sessions, passwords, sign-up (a teacher is not in the catalog) and the teacher's profile.
    'POST /auth/login',
    'POST /auth/logout',
    'POST /auth/signup',
    'POST /auth/password',
    'POST /auth/recovery',
    'POST /auth/recovery/confirm',
    'POST /auth/email/confirm',
    'POST /auth/email/confirmation',
    'PUT /me/profile',
    // Applying: a submitted application holds no place (forwarding takes one).
    'POST /applications',
    // Messages and notifications.
    'POST /conversations/:id/read',
    'POST /courses/:courseId/conversations/:territoryId/messages',
    'POST /notifications/:id/read',
    'POST /notifications/read-all',
    'PUT /me/notification-settings',
    // A group's number (forming a group starts the course and ends applications: it does change it).
    'PATCH /groups/:id',
    // A teacher's CPD records before the Bank.
    'POST /teachers/:id/cpd/external',
    'DELETE /teachers/:id/cpd/external/:recordId',
    // Documents about training: the catalog shows none of them.
    'POST /courses/:id/certificates',
    'POST /certificates/:id/actions/:action',
    // Reporting periods: statistics only.
    'POST /reports/periods',
    'PUT /reports/periods/:id',
    'POST /reports/periods/:id/close',
    'POST /reports/periods/:id/reopen',
  ].map((route) => route.replace(' /', ' /api/v1/')),
);

/**
 * TRUST_PROXY as Fastify takes it: the proxies' addresses as they are; a hop count as a function
 * trusting that many hops (Fastify's own number trusts none), the immediate peer included.
 */
function trustProxyOption(
  trust: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

export async function buildApp(ctx: Ctx, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    bodyLimit: 1024 * 1024,
    clientErrorHandler,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors raised before routing (a malformed or overlong address) leave as problem+json too.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
      return sendProblem(reply, status, 'Неверный запрос', 'Неверный адрес запроса');
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandler(app);

  // Security headers from one helmet middleware built at start-up (the Fastify plugin built it
  // anew, parsing the policy, on every request).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets CSS variables through style attributes and one <style> element.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)),
  );
  await app.register(cookie);
  installActor(app, ctx);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ЕБППК — Единый банк программ повышения квалификации',
        version: '1',
        description:
          'HTTP API Банка. Вход: POST /api/v1/auth/login устанавливает cookie сессии. Изменяющие запросы с cookie ' +
          'передают заголовок X-CSRF-Token (значение csrfToken из /me) или X-Requested-With: ebppk.',
      },
      servers: [{ url: '/' }],
      components: { securitySchemes },
    },
    // Every operation says whether it needs the session (and on writes the CSRF proof).
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const method = [input.route.method].flat()[0] ?? 'GET';
      return { ...out, schema: { ...out.schema, security: securityOf(method, input.url) } };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // A change that may show in the public catalog (a program, a course, a quota, a file, a name of
  // the directory, places taken or freed by an application's transition) forgets the cached
  // answers before the change is acknowledged. The writes below change nothing the catalog shows,
  // so a registration rush (logins and applications) does not empty the cache on every request;
  // any write not listed empties it.
  const answers = new AnswerCache(ctx.config.catalogCacheMs);
  app.addHook('onSend', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || reply.statusCode >= 400) return;
    if (!LEAVES_CATALOG.has(`${request.method} ${request.routeOptions.url ?? ''}`)) answers.clear();
  });
  const modules = [
    systemRoutes,
    authRoutes,
    directoryRoutes,
    accountRoutes,
    auditRoutes,
    (c: Ctx) => catalogRoutes(c, answers),
    programRoutes,
    courseRoutes,
    fileRoutes,
    notificationRoutes,
    applicationRoutes,
    groupRoutes,
    profileRoutes,
    conversationRoutes,
    attendanceRoutes,
    archiveRoutes,
    cpdRoutes,
    certificateRoutes,
    dashboardRoutes,
    form1pkRoutes,
    jobRoutes,
    reportRoutes,
    teacherRoutes,
  ];
  await app.register(
    async (api) => {
      for (const routes of modules) await api.register(routes(ctx));
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webDist = options.webDist === undefined ? WEB_DIST : options.webDist;
  const hasWeb = webDist !== null && existsSync(resolve(webDist, 'index.html'));
  if (hasWeb) {
    // Files are looked up per request (wildcard), so a rebuilt UI is served without a restart.
    // Built assets carry a hash of their content in their name: a browser keeps them for good.
    // Any other file (index.html asked by name, the icon) is revalidated, so that a page never
    // outlives the assets a new release replaced.
    await app.register(fastifyStatic, {
      root: webDist,
      index: false,
      cacheControl: false,
      setHeaders: (reply, path) => {
        const hashed = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(path);
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html');
  if (hasWeb) app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  app.setNotFoundHandler((request, reply) => {
    const isPage = !request.url.startsWith('/api/') && !request.url.startsWith('/assets/');
    if (request.method === 'GET' && isPage && hasWeb) {
      // A client route of the single-page app: its page is index.html, never cached.
      return sendIndex(reply);
    }
    return sendProblem(reply, 404, 'Не найдено', 'Такого адреса нет');
  });
  return app;
}
