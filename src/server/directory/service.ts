// Directory upkeep: territories, organizations, providers and their departments, positions.
// Reading is public. Every change is one transaction holding the row and its audit record; a
// duplicate name is looked for inside that transaction so that the user is told which field
// clashes, while the unique constraints stay the last guard against a concurrent twin.
import type {
  departmentCreate,
  departmentUpdate,
  organizationCreate,
  organizationUpdate,
  positionCreate,
  positionUpdate,
  providerCreate,
  providerUpdate,
  territoryCreate,
  territoryUpdate,
} from '../../contract/directory.js';
import type { z } from '../../contract/zod.js';
import type { Actor, Who } from '../access/actor.js';
import { diff, recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { Conflict, Invalid, NotFound } from '../http/errors.js';
import { directoryPolicy } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };
type In<S extends z.ZodType> = z.output<S>;
type ListFilter = q.ListFilter;

const { authorize } = directoryPolicy;

const found = <T>(row: T | undefined): T => {
  if (row === undefined) throw new NotFound();
  return row;
};

const duplicateName = (message: string) =>
  new Conflict(`Поле «Название»: ${message.charAt(0).toLowerCase()}${message.slice(1)}`, [
    { field: 'name', message },
  ]);

/** What a creation's audit row keeps: the stored fields, without the id it is filed under. */
const created = <T extends { id: number }>({ id: _id, ...fields }: T) => fields;

// --- territories

export const findTerritories = (ctx: Ctx, filter: ListFilter) => q.findTerritories(ctx.db, filter);

export const getTerritory = async (ctx: Ctx, id: number) => found(await q.getTerritory(ctx.db, id));

export async function createTerritory(ctx: Ctx, who: Signed, input: In<typeof territoryCreate>) {
  authorize(who.actor, 'territory.create', null);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    if (await q.territoryNameTaken(trx, input.name))
      throw duplicateName('Территория с таким названием уже есть');
    const row = await trx
      .insertInto('territories')
      .values({ name: input.name, kind: input.kind, createdAt: now, updatedAt: now })
      .returning(['id', 'name', 'kind'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, who, {
      action: 'territory.created',
      entityType: 'territory',
      entityId: row.id,
      after: created(row),
    });
    return row;
  });
}

export async function updateTerritory(ctx: Ctx, who: Signed, id: number, input: In<typeof territoryUpdate>) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = authorize(who.actor, 'territory.update', await q.lockTerritory(trx, id));
    const changes = diff(before, input);
    if (!changes.changed) return before;
    if (input.name !== undefined && (await q.territoryNameTaken(trx, input.name, id)))
      throw duplicateName('Территория с таким названием уже есть');
    const row = await trx
      .updateTable('territories')
      .set({ name: input.name, kind: input.kind, updatedAt: now })
      .where('id', '=', id)
      .returning(['id', 'name', 'kind'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, who, {
      action: 'territory.updated',
      entityType: 'territory',
      entityId: id,
      before: changes.before,
      after: changes.after,
    });
    return row;
  });
}

// --- organizations

export const findOrganizations = (ctx: Ctx, filter: ListFilter & { territoryId?: number | undefined }) =>
  q.findOrganizations(ctx.db, filter);

export const getOrganization = async (ctx: Ctx, id: number) => found(await q.getOrganization(ctx.db, id));

async function assertTerritoryExists(db: Database, territoryId: number) {
  if (!(await q.getTerritory(db, territoryId)))
    throw new Invalid('Проверьте заполнение полей', [
      { field: 'territoryId', message: 'Территория не найдена' },
    ]);
}

const ORGANIZATION_TAKEN = 'Организация с таким названием уже есть в этой территории';

export async function createOrganization(ctx: Ctx, who: Signed, input: In<typeof organizationCreate>) {
  authorize(who.actor, 'organization.create', null);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await assertTerritoryExists(trx, input.territoryId);
    if (await q.organizationNameTaken(trx, input.territoryId, input.name))
      throw duplicateName(ORGANIZATION_TAKEN);
    const row = await trx
      .insertInto('organizations')
      .values({
        territoryId: input.territoryId,
        name: input.name,
        shortName: input.shortName,
        inn: input.inn ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning(['id', 'territoryId', 'name', 'shortName', 'inn'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, who, {
      action: 'organization.created',
      entityType: 'organization',
      entityId: row.id,
      after: created(row),
    });
    return found(await q.getOrganization(trx, row.id));
  });
}

export async function updateOrganization(
  ctx: Ctx,
  who: Signed,
  id: number,
  input: In<typeof organizationUpdate>,
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = authorize(who.actor, 'organization.update', await q.lockOrganization(trx, id));
    const changes = diff(before, input);
    if (!changes.changed) return found(await q.getOrganization(trx, id));
    const territoryId = input.territoryId ?? before.territoryId;
    const name = input.name ?? before.name;
    if (input.territoryId !== undefined) await assertTerritoryExists(trx, input.territoryId);
    if (
      (territoryId !== before.territoryId || name !== before.name) &&
      (await q.organizationNameTaken(trx, territoryId, name, id))
    )
      throw duplicateName(ORGANIZATION_TAKEN);
    await trx
      .updateTable('organizations')
      .set({
        territoryId: input.territoryId,
        name: input.name,
        shortName: input.shortName,
        inn: input.inn,
        updatedAt: now,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, now, who, {
      action: 'organization.updated',
      entityType: 'organization',
      entityId: id,
      before: changes.before,
      after: changes.after,
    });
    return found(await q.getOrganization(trx, id));
  });
}

// --- providers

export const findProviders = (ctx: Ctx, filter: ListFilter) => q.findProviders(ctx.db, filter);

export const getProvider = async (ctx: Ctx, id: number) => found(await q.getProvider(ctx.db, id));

const PROVIDER_TAKEN = 'Поставщик с таким названием уже зарегистрирован';

export async function createProvider(ctx: Ctx, who: Signed, input: In<typeof providerCreate>) {
  authorize(who.actor, 'provider.create', null);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    if (await q.providerNameTaken(trx, input.name)) throw duplicateName(PROVIDER_TAKEN);
    const row = await trx
      .insertInto('providers')
      .values({
        ...input,
        signatories: JSON.stringify(input.signatories ?? []),
        createdAt: now,
        updatedAt: now,
      })
      .returning(q.providerColumns)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, who, {
      action: 'provider.created',
      entityType: 'provider',
      entityId: row.id,
      after: created(row),
    });
    return row;
  });
}

export async function updateProvider(ctx: Ctx, who: Signed, id: number, input: In<typeof providerUpdate>) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = authorize(who.actor, 'provider.update', await q.lockProvider(trx, id));
    const changes = diff(before, input);
    if (!changes.changed) return before;
    if (input.name !== undefined && (await q.providerNameTaken(trx, input.name, id)))
      throw duplicateName(PROVIDER_TAKEN);
    const row = await trx
      .updateTable('providers')
      .set({
        ...input,
        signatories: input.signatories === undefined ? undefined : JSON.stringify(input.signatories),
        updatedAt: now,
      })
      .where('id', '=', id)
      .returning(q.providerColumns)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, who, {
      action: 'provider.updated',
      entityType: 'provider',
      entityId: id,
      before: changes.before,
      after: changes.after,
    });
    return row;
  });
}

// --- departments

export const findDepartments = (ctx: Ctx, filter: ListFilter & { providerId?: number | undefined }) =>
  q.findDepartments(ctx.db, filter);

/** The departments of one provider; an unknown provider is a 404, not an empty list. */
export async function findProviderDepartments(ctx: Ctx, providerId: number, filter: ListFilter) {
  found(await q.getProvider(ctx.db, providerId));
  return q.findDepartments(ctx.db, { ...filter, providerId });
}

export const getDepartment = async (ctx: Ctx, id: number) => found(await q.getDepartment(ctx.db, id));

const DEPARTMENT_TAKEN = 'Подразделение с таким названием уже есть у этого поставщика';

export async function createDepartment(
  ctx: Ctx,
  who: Signed,
  providerId: number,
  input: In<typeof departmentCreate>,
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const provider = await q.getProvider(trx, providerId);
    authorize(who.actor, 'department.create', provider && { providerId: provider.id });
    if (await q.departmentNameTaken(trx, providerId, input.name)) throw duplicateName(DEPARTMENT_TAKEN);
    const row = await trx
      .insertInto('departments')
      .values({ providerId, name: input.name, code: input.code ?? null, createdAt: now, updatedAt: now })
      .returning(['id', 'providerId', 'name', 'code'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, who, {
      action: 'department.created',
      entityType: 'department',
      entityId: row.id,
      after: created(row),
    });
    return found(await q.getDepartment(trx, row.id));
  });
}

export async function updateDepartment(
  ctx: Ctx,
  who: Signed,
  id: number,
  input: In<typeof departmentUpdate>,
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = authorize(who.actor, 'department.update', await q.lockDepartment(trx, id));
    const changes = diff(before, input);
    if (!changes.changed) return found(await q.getDepartment(trx, id));
    if (await q.departmentNameTaken(trx, before.providerId, input.name, id))
      throw duplicateName(DEPARTMENT_TAKEN);
    await trx
      .updateTable('departments')
      .set({ name: input.name, ...(input.code !== undefined ? { code: input.code } : {}), updatedAt: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, now, who, {
      action: 'department.updated',
      entityType: 'department',
      entityId: id,
      before: changes.before,
      after: changes.after,
    });
    return found(await q.getDepartment(trx, id));
  });
}

// --- positions

export const findPositions = (ctx: Ctx, filter: ListFilter) => q.findPositions(ctx.db, filter);

export const getPosition = async (ctx: Ctx, id: number) => found(await q.getPosition(ctx.db, id));

const POSITION_TAKEN = 'Такая должность уже есть в списке';

export async function createPosition(ctx: Ctx, who: Signed, input: In<typeof positionCreate>) {
  authorize(who.actor, 'position.create', null);
  return ctx.db.transaction().execute(async (trx) => {
    if (await q.positionNameTaken(trx, input.name)) throw duplicateName(POSITION_TAKEN);
    const row = await trx
      .insertInto('positions')
      .values({ name: input.name, sortOrder: await q.nextPositionOrder(trx) })
      .returning(['id', 'name', 'sortOrder'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.now(), who, {
      action: 'position.created',
      entityType: 'position',
      entityId: row.id,
      after: created(row),
    });
    return row;
  });
}

export async function updatePosition(ctx: Ctx, who: Signed, id: number, input: In<typeof positionUpdate>) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = authorize(who.actor, 'position.update', await q.lockPosition(trx, id));
    const changes = diff(before, input);
    if (!changes.changed) return before;
    if (await q.positionNameTaken(trx, input.name, id)) throw duplicateName(POSITION_TAKEN);
    const row = await trx
      .updateTable('positions')
      .set({ name: input.name })
      .where('id', '=', id)
      .returning(['id', 'name', 'sortOrder'])
      .executeTakeFirstOrThrow();
    await q.renamePositionInProfiles(trx, before.name, input.name, now);
    await recordAudit(trx, now, who, {
      action: 'position.updated',
      entityType: 'position',
      entityId: id,
      before: changes.before,
      after: changes.after,
    });
    return row;
  });
}
