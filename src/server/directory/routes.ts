// HTTP of the directories: territories, organizations, providers, departments and positions.
// Lists and cards are public (sign-up and the catalog need them); changes need a signed-in user.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, page, problem } from '../../contract/common.js';
import {
  department,
  departmentCreate,
  departmentListQuery,
  departmentUpdate,
  directoryListQuery,
  organization,
  organizationCreate,
  organizationListQuery,
  organizationUpdate,
  position,
  positionCreate,
  positionUpdate,
  provider,
  providerCreate,
  providerUpdate,
  territory,
  territoryCreate,
  territoryUpdate,
} from '../../contract/directory.js';
import { z } from '../../contract/zod.js';
import type { Ctx } from '../context.js';
import { signedIn } from '../http/request.js';
import {
  presentDepartment,
  presentOrganization,
  presentPage,
  presentPosition,
  presentProvider,
  presentTerritory,
} from './present.js';
import * as directory from './service.js';

const tags = ['Справочники'];
const params = z.object({ id: idParam });
const listErrors = { 400: problem };
const readErrors = { 400: problem, 404: problem };
const writeErrors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };

export const directoryRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    // A visitor's write is refused as unauthenticated before its body is even looked at.
    app.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') signedIn(request);
    });

    // --- territories
    app.get(
      '/territories',
      {
        schema: {
          tags,
          summary: 'Территории (муниципальные образования)',
          querystring: directoryListQuery,
          response: { 200: page(territory), ...listErrors },
        },
      },
      async (request) =>
        presentPage(await directory.findTerritories(ctx, request.query), request.actor, presentTerritory),
    );

    app.get(
      '/territories/:id',
      {
        schema: { tags, summary: 'Территория', params, response: { 200: territory, ...readErrors } },
      },
      async (request) =>
        presentTerritory(await directory.getTerritory(ctx, request.params.id), request.actor),
    );

    app.post(
      '/territories',
      {
        schema: {
          tags,
          summary: 'Добавить территорию',
          body: territoryCreate,
          response: { 201: territory, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const row = await directory.createTerritory(ctx, who, request.body);
        return reply.status(201).send(presentTerritory(row, who.actor));
      },
    );

    app.patch(
      '/territories/:id',
      {
        schema: {
          tags,
          summary: 'Изменить территорию',
          params,
          body: territoryUpdate,
          response: { 200: territory, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentTerritory(
          await directory.updateTerritory(ctx, who, request.params.id, request.body),
          who.actor,
        );
      },
    );

    // --- organizations
    app.get(
      '/organizations',
      {
        schema: {
          tags,
          summary: 'Образовательные организации',
          querystring: organizationListQuery,
          response: { 200: page(organization), ...listErrors },
        },
      },
      async (request) =>
        presentPage(
          await directory.findOrganizations(ctx, request.query),
          request.actor,
          presentOrganization,
        ),
    );

    app.get(
      '/organizations/:id',
      {
        schema: {
          tags,
          summary: 'Образовательная организация',
          params,
          response: { 200: organization, ...readErrors },
        },
      },
      async (request) =>
        presentOrganization(await directory.getOrganization(ctx, request.params.id), request.actor),
    );

    app.post(
      '/organizations',
      {
        schema: {
          tags,
          summary: 'Добавить образовательную организацию',
          body: organizationCreate,
          response: { 201: organization, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const row = await directory.createOrganization(ctx, who, request.body);
        return reply.status(201).send(presentOrganization(row, who.actor));
      },
    );

    app.patch(
      '/organizations/:id',
      {
        schema: {
          tags,
          summary: 'Изменить образовательную организацию',
          params,
          body: organizationUpdate,
          response: { 200: organization, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentOrganization(
          await directory.updateOrganization(ctx, who, request.params.id, request.body),
          who.actor,
        );
      },
    );

    // --- providers
    app.get(
      '/providers',
      {
        schema: {
          tags,
          summary: 'Поставщики образовательных услуг',
          querystring: directoryListQuery,
          response: { 200: page(provider), ...listErrors },
        },
      },
      async (request) =>
        presentPage(await directory.findProviders(ctx, request.query), request.actor, presentProvider),
    );

    app.get(
      '/providers/:id',
      {
        schema: {
          tags,
          summary: 'Карточка поставщика',
          params,
          response: { 200: provider, ...readErrors },
        },
      },
      async (request) => presentProvider(await directory.getProvider(ctx, request.params.id), request.actor),
    );

    app.post(
      '/providers',
      {
        schema: {
          tags,
          summary: 'Зарегистрировать поставщика',
          body: providerCreate,
          response: { 201: provider, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const row = await directory.createProvider(ctx, who, request.body);
        return reply.status(201).send(presentProvider(row, who.actor));
      },
    );

    app.patch(
      '/providers/:id',
      {
        schema: {
          tags,
          summary: 'Изменить карточку поставщика',
          description: 'Оператор — любую карточку; администратор поставщика — карточку своего поставщика.',
          params,
          body: providerUpdate,
          response: { 200: provider, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentProvider(
          await directory.updateProvider(ctx, who, request.params.id, request.body),
          who.actor,
        );
      },
    );

    // --- departments
    app.get(
      '/providers/:id/departments',
      {
        schema: {
          tags,
          summary: 'Структурные подразделения поставщика',
          params,
          querystring: directoryListQuery,
          response: { 200: page(department), ...readErrors },
        },
      },
      async (request) =>
        presentPage(
          await directory.findProviderDepartments(ctx, request.params.id, request.query),
          request.actor,
          presentDepartment,
        ),
    );

    app.post(
      '/providers/:id/departments',
      {
        schema: {
          tags,
          summary: 'Добавить структурное подразделение',
          description: 'Оператор или администратор этого поставщика.',
          params,
          body: departmentCreate,
          response: { 201: department, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const row = await directory.createDepartment(ctx, who, request.params.id, request.body);
        return reply.status(201).send(presentDepartment(row, who.actor));
      },
    );

    app.get(
      '/departments',
      {
        schema: {
          tags,
          summary: 'Структурные подразделения',
          querystring: departmentListQuery,
          response: { 200: page(department), ...listErrors },
        },
      },
      async (request) =>
        presentPage(await directory.findDepartments(ctx, request.query), request.actor, presentDepartment),
    );

    app.get(
      '/departments/:id',
      {
        schema: {
          tags,
          summary: 'Структурное подразделение',
          params,
          response: { 200: department, ...readErrors },
        },
      },
      async (request) =>
        presentDepartment(await directory.getDepartment(ctx, request.params.id), request.actor),
    );

    app.patch(
      '/departments/:id',
      {
        schema: {
          tags,
          summary: 'Переименовать структурное подразделение',
          description: 'Оператор или администратор поставщика, которому принадлежит подразделение.',
          params,
          body: departmentUpdate,
          response: { 200: department, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentDepartment(
          await directory.updateDepartment(ctx, who, request.params.id, request.body),
          who.actor,
        );
      },
    );

    // --- positions
    app.get(
      '/positions',
      {
        schema: {
          tags,
          summary: 'Должности педагогических работников',
          querystring: directoryListQuery,
          response: { 200: page(position), ...listErrors },
        },
      },
      async (request) =>
        presentPage(await directory.findPositions(ctx, request.query), request.actor, presentPosition),
    );

    app.get(
      '/positions/:id',
      {
        schema: { tags, summary: 'Должность', params, response: { 200: position, ...readErrors } },
      },
      async (request) => presentPosition(await directory.getPosition(ctx, request.params.id), request.actor),
    );

    app.post(
      '/positions',
      {
        schema: {
          tags,
          summary: 'Добавить должность',
          body: positionCreate,
          response: { 201: position, ...writeErrors },
        },
      },
      async (request, reply) => {
        const who = signedIn(request);
        const row = await directory.createPosition(ctx, who, request.body);
        return reply.status(201).send(presentPosition(row, who.actor));
      },
    );

    app.patch(
      '/positions/:id',
      {
        schema: {
          tags,
          summary: 'Переименовать должность',
          description: 'Должность в профилях педагогов переименовывается вместе со справочником.',
          params,
          body: positionUpdate,
          response: { 200: position, ...writeErrors },
        },
      },
      async (request) => {
        const who = signedIn(request);
        return presentPosition(
          await directory.updatePosition(ctx, who, request.params.id, request.body),
          who.actor,
        );
      },
    );
  };
