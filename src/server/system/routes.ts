// Liveness for load balancers and the outside world: answers without login.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';

export const systemRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags: ['Система'],
          summary: 'Состояние сервера',
          response: {
            200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), now: z.string() }),
          },
        },
      },
      async () => {
        await sql`select 1`.execute(ctx.db);
        return { status: 'ok' as const, db: ctx.engine, now: ctx.now().toISOString() };
      },
    );
  };
