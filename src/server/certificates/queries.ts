// SQL of the documents about training. A course and its documents exist for the course's
// department staff and the operator; a document also for its holder. Scope is in the statements
// (access/scope.ts): what a query does not return is a 404.
import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import type { Database } from '../db/database.js';
import type { CertificateKind, DB } from '../db/schema.js';
import type { Snapshot } from './snapshot.js';

const none = sql<SqlBool>`false`;

/** Rows of a department the actor keeps (staff) or reads (operator). */
function departmentScope(
  // biome-ignore lint/suspicious/noExplicitAny: used on courses and on certificates, by column name
  eb: ExpressionBuilder<any, any>,
  column: string,
  actor: Actor,
  teacherColumn?: string,
): Expression<SqlBool> {
  const scope = scopeOf(actor);
  if (scope.all) return sql<SqlBool>`true`;
  const departments = scope.departments('head', 'manager');
  const either: Expression<SqlBool>[] = [];
  if (departments.length) either.push(eb(column, 'in', departments));
  if (teacherColumn && scope.teacherId !== null) either.push(eb(teacherColumn, '=', scope.teacherId));
  return either.length ? eb.or(either) : none;
}

/** The course with what its documents print, if the actor sees it; locked for issuing when `lock`. */
/** What a document needs of its holder (over applications a, users u, teacher_profiles tp, study_groups g). */
const HOLDER = [
  'a.id as applicationId',
  'a.teacherId',
  'a.status',
  'u.lastName',
  'u.firstName',
  'u.middleName',
  'tp.birthDate',
  'tp.sex',
  'tp.snils',
  'tp.educationLevel',
  'tp.diplomaSurname',
  'tp.diplomaSeries',
  'tp.diplomaNumber',
  'g.number as groupNumber',
] as const;

export async function courseOf(db: Database, actor: Actor, courseId: number, lock = false) {
  const query = db
    .selectFrom('courses as c')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .where('c.id', '=', courseId)
    .where((eb) => departmentScope(eb, 'c.departmentId', actor))
    .select([
      'c.id',
      'c.departmentId',
      'd.providerId',
      'd.name as departmentName',
      'c.startsOn',
      'c.endsOn',
      'c.funding',
      'c.programSnapshot',
      'p.title',
      'p.kind',
      'p.hours',
      'p.form',
    ]);
  const row = await (lock ? query.forNoKeyUpdate('c') : query).executeTakeFirst();
  if (!row) return undefined;
  // A finished course prints the program as it was when it finished.
  const was = (row.programSnapshot ?? {}) as Partial<Record<'title' | 'kind' | 'hours' | 'form', unknown>>;
  return {
    id: row.id,
    departmentId: row.departmentId,
    providerId: row.providerId,
    departmentName: row.departmentName,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    funding: row.funding,
    program: {
      title: typeof was.title === 'string' ? was.title : row.title,
      kind: (was.kind === 'qualification' || was.kind === 'retraining'
        ? was.kind
        : row.kind) as typeof row.kind,
      hours: typeof was.hours === 'number' ? was.hours : row.hours,
      form: (typeof was.form === 'string' ? was.form : row.form) as typeof row.form,
    },
  };
}
export type CourseRow = NonNullable<Awaited<ReturnType<typeof courseOf>>>;

export const providerOf = (db: Database, providerId: number) =>
  db
    .selectFrom('providers')
    .where('id', '=', providerId)
    .select([
      'name',
      'shortName',
      'address',
      'city',
      'licenseNumber',
      'licenseDate',
      'inn',
      'ogrn',
      'numberTemplate',
      'blankSeries',
      'signatories',
    ])
    .executeTakeFirstOrThrow();

/** The course's learners with a result, with their personal data and group, by name. */
export const learnersOf = (db: Database, courseId: number) =>
  db
    .selectFrom('applications as a')
    .innerJoin('users as u', 'u.id', 'a.teacherId')
    .innerJoin('teacherProfiles as tp', 'tp.userId', 'a.teacherId')
    .leftJoin('studyGroups as g', 'g.id', 'a.groupId')
    .where('a.courseId', '=', courseId)
    .where('a.status', 'in', ['completed', 'not_completed'])
    .select(HOLDER)
    .orderBy('u.lastName')
    .orderBy('u.firstName')
    .orderBy('u.middleName')
    .orderBy('a.id')
    .execute();
export type LearnerRow = Awaited<ReturnType<typeof learnersOf>>[number];

const certificateColumns = [
  'cf.id',
  'cf.applicationId',
  'cf.courseId',
  'cf.departmentId',
  'cf.providerId',
  'cf.teacherId',
  'cf.kind',
  'cf.year',
  'cf.sequence',
  'cf.registrationNumber',
  'cf.blankSeries',
  'cf.blankNumber',
  'cf.issuedOn',
  'cf.snapshot',
  'cf.issuedAt',
  'cf.revokedAt',
  'cf.revokeReason',
  'cf.replacesId',
  'old.registrationNumber as replacesNumber',
  'next.id as replacedById',
  'next.registrationNumber as replacedByNumber',
] as const;

const certificateBase = (db: Database) =>
  db
    .selectFrom('certificates as cf')
    .leftJoin('certificates as old', 'old.id', 'cf.replacesId')
    .leftJoin('certificates as next', 'next.replacesId', 'cf.id')
    .select(certificateColumns);

export type CertificateRow = Omit<
  Awaited<ReturnType<ReturnType<typeof certificateBase>['executeTakeFirstOrThrow']>>,
  'snapshot'
> & { snapshot: Snapshot };

const asRow = <T extends { snapshot: unknown }>(row: T) => row as unknown as CertificateRow;

/** Every document of the course, the register's order. */
export const certificatesOfCourse = async (db: Database, courseId: number) =>
  (
    await certificateBase(db)
      .where('cf.courseId', '=', courseId)
      .orderBy('cf.year')
      .orderBy('cf.sequence')
      .execute()
  ).map(asRow);

/** One document, if the actor sees it (staff of its department, the operator, its holder). */
export async function certificateOf(db: Database, actor: Actor, id: number, lock = false) {
  const query = certificateBase(db)
    .where('cf.id', '=', id)
    .where((eb) => departmentScope(eb, 'cf.departmentId', actor, 'cf.teacherId'));
  const row = await (lock ? query.forUpdate('cf') : query).executeTakeFirst();
  return row && asRow(row);
}

/** A document by its number, for the public check (the newest if two providers share one). */
export async function certificateByNumber(db: Database, number: string) {
  const row = await certificateBase(db)
    .where('cf.registrationNumber', '=', number)
    .orderBy('cf.id', 'desc')
    .executeTakeFirst();
  return row && asRow(row);
}

/**
 * Takes `count` consecutive numbers of the provider's year: the counter row is created if needed,
 * then raised under its row lock, which every other issuing transaction of the provider and year
 * waits for until this one ends — so numbers have no gaps (a rolled-back issue returns its block)
 * and no duplicates, on PGlite and PostgreSQL alike. Returns the first number of the block.
 */
export async function takeSequences(db: Database, providerId: number, year: number, count: number) {
  await db
    .insertInto('certificateCounters')
    .values({ providerId, year, lastSequence: 0 })
    .onConflict((oc) => oc.columns(['providerId', 'year']).doNothing())
    .execute();
  const { lastSequence } = await db
    .updateTable('certificateCounters')
    .set((eb) => ({ lastSequence: eb('lastSequence', '+', count) }))
    .where('providerId', '=', providerId)
    .where('year', '=', year)
    .returning('lastSequence')
    .executeTakeFirstOrThrow();
  return lastSequence - count + 1;
}

export type NewCertificate = {
  applicationId: number;
  courseId: number;
  departmentId: number;
  providerId: number;
  teacherId: number;
  kind: CertificateKind;
  year: number;
  sequence: number;
  registrationNumber: string;
  blankSeries: string | null;
  blankNumber: string;
  issuedOn: string;
  snapshot: Snapshot;
  issuedBy: number;
  issuedAt: Date;
  replacesId: number | null;
};

export const insertCertificates = (db: Database, rows: NewCertificate[]) =>
  db
    .insertInto('certificates')
    .values(rows.map((r) => ({ ...r, snapshot: JSON.stringify(r.snapshot) })))
    .returning(['id', 'applicationId', 'teacherId', 'kind', 'registrationNumber'])
    .execute();

/** The learner of a document, with her current personal data (for a reissue). */
export const learnerOfApplication = (db: Database, applicationId: number) =>
  db
    .selectFrom('applications as a')
    .innerJoin('users as u', 'u.id', 'a.teacherId')
    .innerJoin('teacherProfiles as tp', 'tp.userId', 'a.teacherId')
    .leftJoin('studyGroups as g', 'g.id', 'a.groupId')
    .where('a.id', '=', applicationId)
    .select(HOLDER)
    .executeTakeFirstOrThrow();

export const revoke = (db: Database, id: number, at: Date, by: number, reason: string) =>
  db
    .updateTable('certificates')
    .set({ revokedAt: at, revokedBy: by, revokeReason: reason })
    .where('id', '=', id)
    .execute();

/** Public checks of unknown numbers from an address since `since`: the throttle reads the audit log. */
export async function unknownChecksSince(db: Database, ip: string, since: Date) {
  const row = await db
    .selectFrom('auditEvents')
    .where('action', '=', 'certificate.verify_unknown')
    .where('ip', '=', ip)
    .where('at', '>', since)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The course's groups, by number. */
export const groupsOf = (db: Database, courseId: number) =>
  db
    .selectFrom('studyGroups')
    .where('courseId', '=', courseId)
    .select(['id', 'number'])
    .orderBy('number')
    .execute();

/**
 * Everyone who joined one of the course's groups (enrolled, and whatever became of her since),
 * with what the course's lists print, by group and name.
 */
export const groupMembersOf = (db: Database, courseId: number) =>
  db
    .selectFrom('applications as a')
    .innerJoin('studyGroups as g', 'g.id', 'a.groupId')
    .innerJoin('users as u', 'u.id', 'a.teacherId')
    .innerJoin('organizations as o', 'o.id', 'a.organizationId')
    .innerJoin('territories as t', 't.id', 'a.territoryId')
    .leftJoin('teacherProfiles as tp', 'tp.userId', 'a.teacherId')
    .where('a.courseId', '=', courseId)
    .select([
      'a.id as applicationId',
      'a.status',
      'a.reason',
      'u.lastName',
      'u.firstName',
      'u.middleName',
      'o.name as organization',
      't.name as territory',
      'tp.position',
      'g.number as groupNumber',
    ])
    .orderBy('g.number')
    .orderBy('u.lastName')
    .orderBy('u.firstName')
    .orderBy('u.middleName')
    .orderBy('a.id')
    .execute();
export type GroupMember = Awaited<ReturnType<typeof groupMembersOf>>[number];

/** The course's days of study, in order. */
export const studyDaysOf = async (db: Database, courseId: number) =>
  (
    await db
      .selectFrom('scheduleDays')
      .where('courseId', '=', courseId)
      .select('date')
      .distinct()
      .orderBy('date')
      .execute()
  ).map((r) => r.date);

/** Every attendance mark of the course. */
export const attendanceOf = (db: Database, courseId: number) =>
  db
    .selectFrom('attendanceMarks')
    .where('courseId', '=', courseId)
    .select(['applicationId', 'day', 'mark'])
    .execute();

/** The provider's name and the departments of it the actor keeps (every one for the operator). */
export async function providerInScope(db: Database, actor: Actor, providerId: number) {
  const provider = await db
    .selectFrom('providers')
    .where('id', '=', providerId)
    .select(['id', 'name', 'shortName'])
    .executeTakeFirst();
  if (!provider) return undefined;
  // The provider's administrator keeps every department of hers.
  const admin = scopeOf(actor).providers('provider_admin').includes(providerId);
  const departments = await db
    .selectFrom('departments')
    .where('providerId', '=', providerId)
    .where((eb) => (admin ? sql<SqlBool>`true` : departmentScope(eb, 'id', actor)))
    .select('id')
    .execute();
  return { ...provider, departmentIds: departments.map((d) => d.id) };
}

/** The documents of the given departments issued in the period, the register's order. */
export const registerOf = async (
  db: Database,
  providerId: number,
  departmentIds: number[],
  from: string,
  to: string,
) =>
  departmentIds.length === 0
    ? []
    : (
        await certificateBase(db)
          .where('cf.providerId', '=', providerId)
          .where('cf.departmentId', 'in', departmentIds)
          .where('cf.issuedOn', '>=', from)
          .where('cf.issuedOn', '<=', to)
          .orderBy('cf.year')
          .orderBy('cf.sequence')
          .execute()
      ).map(asRow);

/** The provider's own copy of the registry's FRDO template, if uploaded. */
export const frdoTemplateOf = (db: Database, providerId: number) =>
  db
    .selectFrom('frdoTemplates')
    .where('providerId', '=', providerId)
    .select(['name', 'content', 'uploadedAt'])
    .executeTakeFirst();

export const saveFrdoTemplate = (db: Database, row: Insertable<DB['frdoTemplates']>) =>
  db
    .insertInto('frdoTemplates')
    .values(row)
    .onConflict((oc) =>
      oc.column('providerId').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        content: eb.ref('excluded.content'),
        sha256: eb.ref('excluded.sha256'),
        uploadedBy: eb.ref('excluded.uploadedBy'),
        uploadedAt: eb.ref('excluded.uploadedAt'),
      })),
    )
    .execute();

export const deleteFrdoTemplate = (db: Database, providerId: number) =>
  db
    .deleteFrom('frdoTemplates')
    .where('providerId', '=', providerId)
    .returning(['name', 'sha256'])
    .executeTakeFirst();
