// The catalog: a department's programs (ДПП) and courses — their schedules, quotas, files and
// lifecycle — and the public catalog that anyone searches. Every change is one transaction holding
// the change, its course history row (for lifecycle transitions) and its audit row. Who may act
// is policy.ts; which action in which state is lifecycle.ts; places are counted in SQL (places.ts).
import { createHash } from 'node:crypto';
import {
  type CatalogQuery,
  type CourseAction,
  type CourseCreateInput,
  type CourseListQuery,
  type CourseUpdateInput,
  hoursMessage,
  MIN_HOURS,
  type ProgramCreateInput,
  type ProgramListQuery,
  type ProgramUpdateInput,
  type QuotasInput,
  type TransitionInput,
} from '../../contract/catalog.js';
import type { Actor, Who } from '../access/actor.js';
import { departmentIdsOf } from '../access/predicates.js';
import { endApplicationsOfCancelledCourse, promoteCourse } from '../applications/service.js';
import { recordAudit } from '../audit/audit.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { Conflict, type FieldError, Forbidden, Invalid, NotFound } from '../http/errors.js';
import { checkFile } from './files.js';
import { courseCalendar } from './ical.js';
import {
  ACTION_LABEL,
  AUDIT_ACTION,
  type CourseFacts,
  completenessProblems,
  type LifecycleAction,
  mayEdit,
  STATUS_LABEL,
  SYSTEM_TRANSITIONS,
  type Transition,
  transitionOf,
} from './lifecycle.js';
import { type CatalogAction, type CourseTarget, can, mayAttempt, type RowOf } from './policy.js';
import type { CourseCard } from './present.js';
import * as q from './queries.js';
import { refreshSearchVectors } from './search.js';

type Signed = Who & { actor: Actor };
const SYSTEM = { actor: null, meta: null };

const today = (ctx: Ctx) => regionDate(ctx.now());

/**
 * 403 when no role of the actor could ever do this; 404 when the row does not exist or lies
 * outside the actor's scope (another department's course is not theirs to know about).
 */
function authorize<A extends CatalogAction, R extends RowOf<A>>(
  actor: Actor,
  action: A,
  row: R | undefined,
): R {
  if (!mayAttempt(actor, action)) throw new Forbidden();
  if (row === undefined || !can(actor, action, row)) throw new NotFound();
  return row;
}

const courseTarget = (row: {
  departmentId: number;
  providerId: number;
  publishedAt: Date | null;
}): CourseTarget => ({
  departmentId: row.departmentId,
  providerId: row.providerId,
  published: row.publishedAt !== null,
});

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date
    ? a.getTime() === b.getTime()
    : JSON.stringify(a) === JSON.stringify(b);

/** The fields of `input` that differ from `before`, on both sides: what an update's audit row keeps. */
function changesOf<T extends Record<string, unknown>>(before: T, input: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || same(before[key], value)) continue;
    b[key] = before[key];
    a[key] = value;
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}

const notEditable = (status: keyof typeof STATUS_LABEL, what: string) =>
  new Conflict(`${what}: курс в состоянии «${STATUS_LABEL[status]}»`);

// --- programs

export function findPrograms(ctx: Ctx, who: Signed, query: ProgramListQuery) {
  if (!mayAttempt(who.actor, 'program.view')) throw new Forbidden();
  return q.findPrograms(ctx.db, who.actor, query);
}

async function loadProgram(db: Database, actor: Actor, id: number) {
  const row = await q.getProgram(db, actor, id);
  if (!row) throw new NotFound('Программа не найдена');
  return { row, files: await q.filesOfProgram(db, id) };
}

export function getProgram(ctx: Ctx, who: Signed, id: number) {
  if (!mayAttempt(who.actor, 'program.view')) throw new Forbidden();
  return loadProgram(ctx.db, who.actor, id);
}

async function positionErrors(db: Database, ids: number[] | undefined): Promise<FieldError[]> {
  if (!ids?.length) return [];
  const found = await q.existingPositions(db, ids);
  return ids.flatMap((id, i) =>
    found.has(id) ? [] : [{ field: `targetPositionIds.${i}`, message: 'Должность не найдена в справочнике' }],
  );
}

export async function createProgram(ctx: Ctx, who: Signed, input: ProgramCreateInput) {
  if (!mayAttempt(who.actor, 'program.create')) throw new Forbidden();
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const department = await q.departmentOf(trx, input.departmentId);
    if (!department)
      throw new Invalid('Проверьте заполнение полей', [
        { field: 'departmentId', message: 'Подразделение не найдено' },
      ]);
    if (!can(who.actor, 'program.create', department))
      throw new Forbidden('Программы создаются только в своём подразделении');
    const errors = await positionErrors(trx, input.targetPositionIds);
    if (errors.length) throw new Invalid('Проверьте заполнение полей', errors);
    const { targetPositionIds, ...fields } = input;
    const row = await trx
      .insertInto('programs')
      .values({ ...fields, createdBy: who.actor.userId, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await q.setProgramPositions(trx, row.id, targetPositionIds);
    await recordAudit(trx, now, who, {
      action: 'program.created',
      entityType: 'program',
      entityId: row.id,
      after: input,
    });
    return loadProgram(trx, who.actor, row.id);
  });
}

export async function updateProgram(ctx: Ctx, who: Signed, id: number, input: ProgramUpdateInput) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = authorize(who.actor, 'program.update', await q.lockProgram(trx, id));
    const kind = input.kind ?? before.kind;
    const hours = input.hours ?? before.hours;
    const errors = await positionErrors(trx, input.targetPositionIds);
    if (hours < MIN_HOURS[kind]) errors.unshift({ field: 'hours', message: hoursMessage(kind) });
    if (errors.length) throw new Invalid('Проверьте заполнение полей', errors);
    const normalized = {
      ...input,
      ...(input.targetPositionIds
        ? { targetPositionIds: [...new Set(input.targetPositionIds)].sort((a, b) => a - b) }
        : {}),
    };
    const changes = changesOf(before, normalized);
    if (!changes.changed) return loadProgram(trx, who.actor, id);
    const { targetPositionIds, ...fields } = input;
    await trx
      .updateTable('programs')
      .set({ ...fields, updatedAt: now })
      .where('id', '=', id)
      .execute();
    if (targetPositionIds) await q.setProgramPositions(trx, id, targetPositionIds);
    await refreshSearchVectors(trx, { programIds: [id] });
    await recordAudit(trx, now, who, {
      action: 'program.updated',
      entityType: 'program',
      entityId: id,
      before: changes.before,
      after: changes.after,
    });
    return loadProgram(trx, who.actor, id);
  });
}

// --- files

/** An upload as the route read it; reading happens after the actor is known to be allowed. */
export type Upload = { filename: string; title: string | null; content: Buffer };

function checkedUpload(upload: Upload) {
  const check = checkFile(upload.filename, upload.content);
  if (!check.ok) throw new Invalid(check.message, [{ field: 'file', message: check.message }]);
  return check;
}

async function storeFile(
  db: Database,
  owner: { courseId: number } | { programId: number },
  upload: Upload,
  checked: { name: string; contentType: string },
  who: Signed,
  now: Date,
) {
  return db
    .insertInto('files')
    .values({
      courseId: 'courseId' in owner ? owner.courseId : null,
      programId: 'programId' in owner ? owner.programId : null,
      name: checked.name,
      title: upload.title,
      contentType: checked.contentType,
      size: upload.content.length,
      sha256: createHash('sha256').update(upload.content).digest('hex'),
      content: q.bytesFromBase64(upload.content.toString('base64')),
      uploadedBy: who.actor.userId,
      createdAt: now,
    })
    .returning(['id', 'name', 'title', 'contentType', 'size', 'createdAt'])
    .executeTakeFirstOrThrow();
}

const fileAudit = (f: { name: string; title: string | null; contentType: string; size: number }) => ({
  name: f.name,
  title: f.title,
  contentType: f.contentType,
  size: f.size,
});

/**
 * Attaches a file to a program. The actor is checked before the upload is read (a refused
 * request never streams megabytes), and the file is stored in the database.
 */
export async function addProgramFile(ctx: Ctx, who: Signed, programId: number, read: () => Promise<Upload>) {
  authorize(who.actor, 'program.files', await q.lockProgram(ctx.db, programId));
  const upload = await read();
  const checked = checkedUpload(upload);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    authorize(who.actor, 'program.files', await q.lockProgram(trx, programId));
    const file = await storeFile(trx, { programId }, upload, checked, who, now);
    await recordAudit(trx, now, who, {
      action: 'program.file_added',
      entityType: 'program',
      entityId: programId,
      after: { fileId: file.id, ...fileAudit(file) },
    });
    return file;
  });
}

export async function deleteProgramFile(ctx: Ctx, who: Signed, programId: number, fileId: number) {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    authorize(who.actor, 'program.files', await q.lockProgram(trx, programId));
    const file = await trx
      .deleteFrom('files')
      .where('id', '=', fileId)
      .where('programId', '=', programId)
      .returning(['id', 'name', 'title', 'contentType', 'size'])
      .executeTakeFirst();
    if (!file) throw new NotFound('Файл не найден');
    await recordAudit(trx, now, who, {
      action: 'program.file_deleted',
      entityType: 'program',
      entityId: programId,
      before: { fileId: file.id, ...fileAudit(file) },
    });
  });
}

export async function addCourseFile(ctx: Ctx, who: Signed, courseId: number, read: () => Promise<Upload>) {
  const first = authorize(who.actor, 'course.files', await lockedTarget(ctx.db, courseId));
  if (!mayEdit(first.status, 'files')) throw notEditable(first.status, 'Файлы курса изменить нельзя');
  const upload = await read();
  const checked = checkedUpload(upload);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const course = authorize(who.actor, 'course.files', await lockedTarget(trx, courseId));
    if (!mayEdit(course.status, 'files')) throw notEditable(course.status, 'Файлы курса изменить нельзя');
    const file = await storeFile(trx, { courseId }, upload, checked, who, now);
    await touchCourse(trx, courseId, now);
    await recordAudit(trx, now, who, {
      action: 'course.file_added',
      entityType: 'course',
      entityId: courseId,
      after: { fileId: file.id, ...fileAudit(file) },
    });
    return file;
  });
}

export async function deleteCourseFile(ctx: Ctx, who: Signed, courseId: number, fileId: number) {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const course = authorize(who.actor, 'course.files', await lockedTarget(trx, courseId));
    if (!mayEdit(course.status, 'files')) throw notEditable(course.status, 'Файлы курса изменить нельзя');
    const file = await trx
      .deleteFrom('files')
      .where('id', '=', fileId)
      .where('courseId', '=', courseId)
      .returning(['id', 'name', 'title', 'contentType', 'size'])
      .executeTakeFirst();
    if (!file) throw new NotFound('Файл не найден');
    await touchCourse(trx, courseId, now);
    await recordAudit(trx, now, who, {
      action: 'course.file_deleted',
      entityType: 'course',
      entityId: courseId,
      before: { fileId: file.id, ...fileAudit(file) },
    });
  });
}

/**
 * A file to download, if the actor may: anyone when its course (or a course of its program) has
 * been published, otherwise those who see the course or program in the workspace.
 */
export async function getFile(ctx: Ctx, who: Who, id: number) {
  const row = await q.fileForDownload(ctx.db, id);
  if (!row) throw new NotFound('Файл не найден');
  const owner = { departmentId: row.departmentId, providerId: row.providerId };
  const visible =
    row.public ||
    (row.courseId !== null
      ? can(who.actor, 'course.view', { ...owner, published: row.publishedAt !== null })
      : can(who.actor, 'program.view', owner));
  if (!visible) throw new NotFound('Файл не найден');
  return { name: row.name, contentType: row.contentType, content: Buffer.from(row.content, 'base64') };
}

// --- courses

const lockedTarget = async (db: Database, id: number) => {
  const row = await q.lockCourse(db, id);
  return row && { ...row, ...courseTarget(row) };
};

const touchCourse = (db: Database, id: number, now: Date) =>
  db.updateTable('courses').set({ updatedAt: now }).where('id', '=', id).execute();

export function findCourses(ctx: Ctx, who: Signed, query: CourseListQuery) {
  if (!mayAttempt(who.actor, 'course.view')) throw new Forbidden();
  return q.findCourses(ctx.db, who.actor, today(ctx), query);
}

const factsOf = (course: Omit<CourseFacts, 'schedule'>, schedule: CourseFacts['schedule']): CourseFacts => ({
  ...course,
  schedule,
});

/** A course card of the workspace with its parts, in one statement whatever its size. */
async function loadCourse(db: Database, actor: Actor, id: number, day: string): Promise<CourseCard> {
  const card = await q.getCourse(db, actor, id, day);
  if (!card) throw new NotFound('Курс не найден');
  const publishProblems =
    card.row.status === 'draft' ? completenessProblems(factsOf(card.row, card.schedule)) : [];
  return { ...card, publishProblems };
}

export function getCourse(ctx: Ctx, who: Signed, id: number) {
  if (!mayAttempt(who.actor, 'course.view')) throw new Forbidden();
  return loadCourse(ctx.db, who.actor, id, today(ctx));
}

export async function getCourseHistory(ctx: Ctx, who: Signed, id: number) {
  if (!mayAttempt(who.actor, 'course.view')) throw new Forbidden();
  if (!(await q.seesCourse(ctx.db, who.actor, id))) throw new NotFound('Курс не найден');
  return q.historyOf(ctx.db, id);
}

const WRONG_MANAGER = 'Выберите руководителя курсов этого подразделения';

export async function createCourse(ctx: Ctx, who: Signed, input: CourseCreateInput) {
  if (!mayAttempt(who.actor, 'course.create')) throw new Forbidden();
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const program = await q.lockProgram(trx, input.programId);
    if (!program || !can(who.actor, 'course.create', program)) throw new NotFound('Программа не найдена');
    const errors: FieldError[] = [];
    if (input.endsOn < input.startsOn)
      errors.push({ field: 'endsOn', message: 'Дата окончания раньше даты начала' });
    let managerId: number | null = departmentIdsOf(who.actor, 'manager').includes(program.departmentId)
      ? who.actor.userId
      : null;
    if (input.managerId !== undefined) {
      if (input.managerId !== who.actor.userId && !can(who.actor, 'course.reassign', program))
        throw new Forbidden('Назначить курсу другого руководителя может начальник подразделения');
      if (!(await q.isActiveManagerOf(trx, input.managerId, program.departmentId)))
        errors.push({ field: 'managerId', message: WRONG_MANAGER });
      managerId = input.managerId;
    }
    if (errors.length) throw new Invalid('Проверьте заполнение полей', errors);
    const { schedule, managerId: _, ...fields } = input;
    const row = await trx
      .insertInto('courses')
      .values({
        programId: program.id,
        departmentId: program.departmentId,
        startsOn: fields.startsOn,
        endsOn: fields.endsOn,
        applyUntil: fields.applyUntil,
        capacity: fields.capacity,
        place: fields.place,
        distanceUrl: fields.distanceUrl ?? null,
        quotaReleaseOn: fields.quotaReleaseOn ?? null,
        managerId,
        createdBy: who.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await q.replaceSchedule(trx, row.id, schedule.map(scheduleRow));
    await refreshSearchVectors(trx, { courseIds: [row.id] });
    await q.recordHistory(trx, {
      courseId: row.id,
      from: null,
      to: 'draft',
      action: 'create',
      byId: who.actor.userId,
      at: now,
    });
    await recordAudit(trx, now, who, {
      action: 'course.created',
      entityType: 'course',
      entityId: row.id,
      after: { ...input, managerId },
    });
    return loadCourse(trx, who.actor, row.id, regionDate(now));
  });
}

const scheduleRow = (d: CourseCreateInput['schedule'][number]) => ({
  date: d.date,
  startsAt: d.startsAt,
  endsAt: d.endsAt,
  topic: d.topic,
  room: d.room ?? null,
  teacher: d.teacher ?? null,
});

export async function updateCourse(ctx: Ctx, who: Signed, id: number, input: CourseUpdateInput) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = authorize(who.actor, 'course.update', await lockedTarget(trx, id));
    if (!mayEdit(before.status, 'update')) throw notEditable(before.status, 'Курс изменить нельзя');
    const { schedule: newSchedule, ...fields } = input;
    const oldSchedule = await q.scheduleOf(trx, id);
    const schedule = newSchedule?.map(scheduleRow);
    const changes = changesOf({ ...before, schedule: oldSchedule } as Record<string, unknown>, {
      ...fields,
      ...(schedule ? { schedule } : {}),
    });
    if (!changes.changed) return loadCourse(trx, who.actor, id, regionDate(now));
    const merged = {
      startsOn: fields.startsOn ?? before.startsOn,
      endsOn: fields.endsOn ?? before.endsOn,
      applyUntil: fields.applyUntil ?? before.applyUntil,
      capacity: fields.capacity ?? before.capacity,
      place: fields.place ?? before.place,
      distanceUrl: fields.distanceUrl === undefined ? before.distanceUrl : fields.distanceUrl,
      annotation: before.annotation,
    };
    const errors: FieldError[] = [];
    if (merged.endsOn < merged.startsOn)
      errors.push({ field: 'endsOn', message: 'Дата окончания раньше даты начала' });
    const quotas = await q.quotaSum(trx, id);
    if (merged.capacity < quotas)
      errors.push({
        field: 'capacity',
        message: `Мест не может быть меньше, чем распределено по квотам территорий (${quotas})`,
      });
    const held = await q.placesHeld(trx, id);
    if (merged.capacity < held)
      errors.push({
        field: 'capacity',
        message: `Мест не может быть меньше, чем уже занято переданными заявками (${held})`,
      });
    if (errors.length) throw new Invalid('Проверьте заполнение полей', errors);
    // A course in the catalog stays complete: a change may not take away what publishing required.
    if (before.status !== 'draft') {
      const problems = completenessProblems(factsOf(merged, schedule ?? oldSchedule));
      if (problems.length) throw new Invalid('Опубликованный курс должен оставаться полным', problems);
    }
    await trx
      .updateTable('courses')
      .set({
        startsOn: fields.startsOn,
        endsOn: fields.endsOn,
        applyUntil: fields.applyUntil,
        capacity: fields.capacity,
        place: fields.place,
        distanceUrl: fields.distanceUrl,
        quotaReleaseOn: fields.quotaReleaseOn,
        updatedAt: now,
      })
      .where('id', '=', id)
      .execute();
    if (schedule && 'schedule' in changes.after) {
      await q.replaceSchedule(trx, id, schedule);
      await refreshSearchVectors(trx, { courseIds: [id] });
    }
    await recordAudit(trx, now, who, {
      action: 'course.updated',
      entityType: 'course',
      entityId: id,
      before: changes.before,
      after: changes.after,
    });
    // More places, or quotas released earlier: the waitlist may move.
    if ('capacity' in changes.after || 'quotaReleaseOn' in changes.after) await promoteCourse(trx, id, now);
    return loadCourse(trx, who.actor, id, regionDate(now));
  });
}

export async function setCourseQuotas(ctx: Ctx, who: Signed, id: number, quotas: QuotasInput) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const course = authorize(who.actor, 'course.quotas', await lockedTarget(trx, id));
    if (!mayEdit(course.status, 'quotas')) throw notEditable(course.status, 'Квоты изменить нельзя');
    const known = await q.existingTerritories(
      trx,
      quotas.map((x) => x.territoryId),
    );
    const errors = quotas.flatMap((x, i) =>
      known.has(x.territoryId) ? [] : [{ field: `${i}.territoryId`, message: 'Территория не найдена' }],
    );
    if (errors.length) throw new Invalid('Проверьте заполнение полей', errors);
    const sum = quotas.reduce((s, x) => s + x.places, 0);
    if (sum > course.capacity)
      throw new Invalid(`Сумма квот (${sum}) больше числа мест на курсе (${course.capacity})`, [
        { field: '(запрос)', message: `Распределите не больше ${course.capacity} мест` },
      ]);
    const before = await trx
      .selectFrom('courseQuotas')
      .where('courseId', '=', id)
      .select(['territoryId', 'places'])
      .orderBy('territoryId')
      .execute();
    const after = [...quotas].sort((a, b) => a.territoryId - b.territoryId);
    if (!same(before, after)) {
      await q.replaceQuotas(trx, id, after);
      await touchCourse(trx, id, now);
      await recordAudit(trx, now, who, {
        action: 'course.quotas_set',
        entityType: 'course',
        entityId: id,
        before: { quotas: before },
        after: { quotas: after },
      });
      await promoteCourse(trx, id, now);
    }
    return loadCourse(trx, who.actor, id, regionDate(now));
  });
}

export async function reassignCourseManager(ctx: Ctx, who: Signed, id: number, managerId: number) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const course = authorize(who.actor, 'course.reassign', await lockedTarget(trx, id));
    if (!mayEdit(course.status, 'reassign'))
      throw notEditable(course.status, 'Руководителя курса сменить нельзя');
    if (!(await q.isActiveManagerOf(trx, managerId, course.departmentId)))
      throw new Invalid(WRONG_MANAGER, [{ field: 'managerId', message: WRONG_MANAGER }]);
    if (course.managerId !== managerId) {
      await trx.updateTable('courses').set({ managerId, updatedAt: now }).where('id', '=', id).execute();
      await recordAudit(trx, now, who, {
        action: 'course.manager_assigned',
        entityType: 'course',
        entityId: id,
        before: { managerId: course.managerId },
        after: { managerId },
      });
    }
    return loadCourse(trx, who.actor, id, regionDate(now));
  });
}

/**
 * Moves a course along one transition of the table with a conditional UPDATE (… WHERE status =
 * from): if the state changed meanwhile nothing is written and the caller gets a 409. Writes the
 * history row; the audit row is the caller's (it knows who acted).
 */
async function applyTransition(
  db: Database,
  courseId: number,
  t: Transition,
  by: { userId: number | null; at: Date; reason?: string | null },
) {
  const moved = await db
    .updateTable('courses')
    .set({
      status: t.to,
      updatedAt: by.at,
      ...(t.to === 'published' ? { publishedAt: by.at } : {}),
      ...(t.to === 'cancelled' ? { cancelReason: by.reason ?? '' } : {}),
    })
    .where('id', '=', courseId)
    .where('status', '=', t.from)
    .returning('id')
    .executeTakeFirst();
  if (!moved) throw new Conflict('Состояние курса изменилось; обновите страницу');
  await q.recordHistory(db, {
    courseId,
    from: t.from,
    to: t.to,
    action: t.action,
    byId: by.userId,
    at: by.at,
    reason: by.reason ?? null,
  });
}

export async function transitionCourse(
  ctx: Ctx,
  who: Signed,
  id: number,
  action: CourseAction,
  input: TransitionInput,
) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const course = authorize(who.actor, 'course.transition', await lockedTarget(trx, id));
    const t = transitionOf(course.status, action, 'staff');
    if (!t)
      throw new Conflict(`Нельзя ${ACTION_LABEL[action]} курс в состоянии «${STATUS_LABEL[course.status]}»`);
    const reason = input?.reason ?? null;
    if (t.needsReason && !reason)
      throw new Invalid('Укажите причину', [{ field: 'reason', message: 'Укажите причину отмены курса' }]);
    if (t.guard) {
      const problems = t.guard(factsOf(course, await q.scheduleOf(trx, id)));
      if (problems.length) throw new Invalid('Курс не готов к публикации', problems);
    }
    await applyTransition(trx, id, t, {
      userId: who.actor.userId,
      at: now,
      reason: t.needsReason ? reason : null,
    });
    if (t.to === 'cancelled') await endApplicationsOfCancelledCourse(trx, who, id, reason ?? '', now);
    await recordAudit(trx, now, who, {
      action: AUDIT_ACTION[action],
      entityType: 'course',
      entityId: id,
      before: { status: t.from },
      after: { status: t.to, ...(t.needsReason ? { reason } : {}) },
    });
    return loadCourse(trx, who.actor, id, regionDate(now));
  });
}

/**
 * The system's own transitions, due on the region's date: published → closed after the
 * application deadline, closed → running on the first day, running → finished after the last
 * (which freezes the program as the course showed it). Applied in that order, so a course whose
 * dates all passed while no server ran moves through each step with its own history row.
 * Runs inside the job's transaction; each course moves with a conditional UPDATE.
 */
export async function advanceCourses(
  db: Database,
  now: Date,
): Promise<{ id: number; action: LifecycleAction }[]> {
  const day = regionDate(now);
  const moved: { id: number; action: LifecycleAction }[] = [];
  for (const t of SYSTEM_TRANSITIONS) {
    for (const id of await q.moveDueCourses(db, t, day, now)) {
      await q.recordHistory(db, {
        courseId: id,
        from: t.from,
        to: t.to,
        action: t.action,
        byId: null,
        at: now,
      });
      await recordAudit(db, now, SYSTEM, {
        action: AUDIT_ACTION[t.action],
        entityType: 'course',
        entityId: id,
        before: { status: t.from },
        after: { status: t.to },
      });
      moved.push({ id, action: t.action });
    }
  }
  return moved;
}

// --- the public catalog

export function findCatalogCourses(ctx: Ctx, query: CatalogQuery) {
  const { distance, ...rest } = query;
  return q.findCatalogCourses(ctx.db, today(ctx), {
    ...rest,
    distance: distance === undefined ? undefined : distance === 'true',
  });
}

/** The public course page, in one statement whatever its size. */
export async function getCatalogCourse(ctx: Ctx, id: number) {
  const card = await q.getPublicCourse(ctx.db, id, today(ctx));
  if (!card) throw new NotFound('Курс не найден');
  return card;
}

export async function getCourseCalendar(ctx: Ctx, id: number) {
  const { row, schedule } = await getCatalogCourse(ctx, id);
  const title = row.programSnapshot
    ? (
        (typeof row.programSnapshot === 'string' ? JSON.parse(row.programSnapshot) : row.programSnapshot) as {
          title: string;
        }
      ).title
    : row.liveTitle;
  return courseCalendar({
    id: row.id,
    title,
    place: row.place,
    distanceUrl: row.distanceUrl,
    providerName: row.providerName,
    updatedAt: row.updatedAt,
    schedule,
  });
}
