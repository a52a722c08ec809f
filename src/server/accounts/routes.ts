import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../context.js';

export const accountRoutes =
  (_ctx: Ctx): FastifyPluginAsyncZod =>
  async () => {};
