// Kysely queries of programs. Lists and cards are filtered by the actor's scope here (staff: their
// department's; a provider admin: their provider's; the operator: all), so that whatever a query
// does not return does not exist for the actor.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { departmentIdsOf, isOperator, providerIdsOf } from '../access/predicates.js';
import type { FileRow } from '../catalog/card.js';
import type { Database } from '../db/database.js';
import type { DB, ProgramForm, ProgramKind } from '../db/schema.js';
import { fetchPage, likePattern, type PageRequest } from '../http/pagination.js';

type NamedRef = { id: number; name: string };

const none = sql<SqlBool>`false`;
const all = sql<SqlBool>`true`;

type ProgramsEb = ExpressionBuilder<DB & { p: DB['programs']; d: DB['departments'] }, 'p' | 'd'>;

/** Programs the actor sees: their department's (staff), their provider's (admin), all (operator). */
export function programScope(eb: ProgramsEb, actor: Actor): Expression<SqlBool> {
  if (isOperator(actor)) return all;
  const departments = departmentIdsOf(actor, 'head', 'manager');
  const providers = providerIdsOf(actor, 'provider_admin');
  const either = [
    ...(departments.length ? [eb('p.departmentId', 'in', departments)] : []),
    ...(providers.length ? [eb('d.providerId', 'in', providers)] : []),
  ];
  return either.length ? eb.or(either) : none;
}

/** Target positions of a program as a JSON array of {id, name}, in the directory's order. */
const targetPositionsJson = sql<NamedRef[]>`coalesce((
  SELECT json_agg(json_build_object('id', pos.id, 'name', pos.name) ORDER BY pos.sort_order, pos.name)
    FROM program_positions pp JOIN positions pos ON pos.id = pp.position_id
   WHERE pp.program_id = p.id), '[]'::json)`;

const programBase = (db: Database) =>
  db
    .selectFrom('programs as p')
    .innerJoin('departments as d', 'd.id', 'p.departmentId')
    .innerJoin('providers as pr', 'pr.id', 'd.providerId')
    .select([
      'p.id',
      'p.departmentId',
      'd.name as departmentName',
      'd.providerId',
      'pr.name as providerName',
      'p.title',
      'p.hours',
      'p.kind',
      'p.form',
      'p.distance',
      targetPositionsJson.as('targetPositions'),
      sql<number>`(SELECT count(*) FROM courses c WHERE c.program_id = p.id)::integer`.as('coursesCount'),
      'p.createdAt',
      'p.updatedAt',
    ]);

export type ProgramSummaryRow = {
  id: number;
  departmentId: number;
  departmentName: string;
  providerId: number;
  providerName: string;
  title: string;
  hours: number;
  kind: ProgramKind;
  form: ProgramForm;
  distance: boolean;
  targetPositions: NamedRef[];
  coursesCount: number;
  createdAt: Date;
  updatedAt: Date;
};
export type ProgramRow = ProgramSummaryRow & {
  annotation: string;
  subjects: string[];
  plannedResults: string;
};

const parseJson = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

export async function findPrograms(
  db: Database,
  actor: Actor,
  filter: { departmentId?: number | undefined; q?: string | undefined } & PageRequest,
) {
  const { departmentId, q, ...page } = filter;
  const result = await fetchPage(
    programBase(db)
      .where((eb) => programScope(eb, actor))
      .$if(departmentId !== undefined, (qb) => qb.where('p.departmentId', '=', departmentId ?? 0))
      .$if(Boolean(q), (qb) => qb.where('p.title', 'ilike', likePattern(q ?? '')))
      .orderBy('p.title')
      .orderBy('p.id'),
    page,
  );
  return {
    items: result.items.map((r) => ({ ...r, targetPositions: parseJson(r.targetPositions) })),
    total: result.total,
  };
}

/** One program with everything its card shows, if the actor sees it. */
export async function getProgram(db: Database, actor: Actor, id: number): Promise<ProgramRow | undefined> {
  const row = await programBase(db)
    .select(['p.annotation', 'p.subjects', 'p.plannedResults'])
    .where('p.id', '=', id)
    .where((eb) => programScope(eb, actor))
    .executeTakeFirst();
  return row && { ...row, targetPositions: parseJson(row.targetPositions) };
}

/** What the policy and a change need of a program, locked for the change. */
export const lockProgram = (db: Database, id: number) =>
  db
    .selectFrom('programs as p')
    .where('p.id', '=', id)
    .select([
      'p.id',
      'p.departmentId',
      sql<number>`(SELECT d.provider_id FROM departments d WHERE d.id = p.department_id)`.as('providerId'),
      'p.title',
      'p.annotation',
      'p.hours',
      'p.kind',
      'p.form',
      'p.distance',
      'p.subjects',
      'p.plannedResults',
      sql<
        number[]
      >`coalesce((SELECT array_agg(pp.position_id ORDER BY pp.position_id) FROM program_positions pp WHERE pp.program_id = p.id), '{}')`.as(
        'targetPositionIds',
      ),
    ])
    .forUpdate()
    .executeTakeFirst();

export const departmentOf = (db: Database, id: number) =>
  db
    .selectFrom('departments')
    .where('id', '=', id)
    .select(['id as departmentId', 'providerId'])
    .executeTakeFirst();

/** The ids among `ids` that are positions of the directory. */
export async function existingPositions(db: Database, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('positions').where('id', 'in', ids).select('id').execute();
  return new Set(rows.map((r) => r.id));
}

export async function setProgramPositions(db: Database, programId: number, positionIds: number[]) {
  await db.deleteFrom('programPositions').where('programId', '=', programId).execute();
  const unique = [...new Set(positionIds)];
  if (unique.length)
    await db
      .insertInto('programPositions')
      .values(unique.map((positionId) => ({ programId, positionId })))
      .execute();
}

// --- a program's files

const fileColumns = ['f.id', 'f.name', 'f.title', 'f.contentType', 'f.size', 'f.createdAt'] as const;
export const filesOfProgram = (db: Database, programId: number): Promise<FileRow[]> =>
  db
    .selectFrom('files as f')
    .where('f.programId', '=', programId)
    .select(fileColumns)
    .orderBy('f.id')
    .execute();
