// Courses of a department: their schedules, quotas, responsible manager and lifecycle. Every change
// is one transaction holding the change, its course history row (for lifecycle transitions) and its
// audit row. Who may act is policy.ts; which action in which state is lifecycle.ts; places are
// counted in SQL (places/). What a change means for the course's applications — the waitlist
// taking added places, a cancelled course ending its applications — is the applications service's,
// called in the same transaction (courses → applications, never back).
import type {
  CourseAction,
  CourseCreateInput,
  CourseExportQuery,
  CourseListQuery,
  CourseUpdateInput,
  QuotasInput,
  TransitionInput,
} from '../../contract/catalog.js';
import { ARCHIVED_READ_ONLY, COURSE_STATUS_LABEL } from '../../contract/catalog.js';
import type { Actor, Who } from '../access/actor.js';
import { departmentIdsOf } from '../access/predicates.js';
import {
  archiveApplicationsOfCourse,
  endApplicationsOfCancelledCourse,
  promoteCourse,
} from '../applications/service.js';
import { diff, recordAudit } from '../audit/audit.js';
import { refreshSearchVectors } from '../catalog/search.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { Conflict, type FieldError, Invalid, NotFound } from '../http/errors.js';
import { XLSX_MAX_ROWS } from '../http/xlsx.js';
import {
  ACTION_LABEL,
  AUDIT_ACTION,
  type CourseFacts,
  checkEditable,
  completenessProblems,
  type LifecycleAction,
  lessonsOutsideDates,
  mayEdit,
  SYSTEM_TRANSITIONS,
  type Transition,
  transitionOf,
} from './lifecycle.js';
import { coursePolicy, courseTarget } from './policy.js';
import type { CourseCard } from './present.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };
const SYSTEM = { actor: null, meta: null };

const { authorize, authorizeAttempt } = coursePolicy;

const today = (ctx: Ctx) => regionDate(ctx.now());

const lockedTarget = async (db: Database, id: number) => {
  const row = await q.lockCourse(db, id);
  return row && { ...row, ...courseTarget(row) };
};

const touchCourse = (db: Database, id: number, now: Date) =>
  db.updateTable('courses').set({ updatedAt: now }).where('id', '=', id).execute();

export function findCourses(ctx: Ctx, who: Signed, query: CourseListQuery) {
  authorizeAttempt(who.actor, 'course.view');
  return q.findCourses(ctx.db, who.actor, today(ctx), query);
}

/** The list as a spreadsheet, every row in its order; the export of managers' names is audited. */
export async function exportCourses(ctx: Ctx, who: Signed, query: CourseExportQuery) {
  authorizeAttempt(who.actor, 'course.view');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const list = await q.findCourses(trx, who.actor, today(ctx), {
      ...query,
      limit: XLSX_MAX_ROWS,
      offset: 0,
    });
    await recordAudit(trx, now, who, {
      action: 'course.exported',
      entityType: 'course',
      after: { filters: query, rows: list.items.length },
    });
    return list;
  });
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
  authorizeAttempt(who.actor, 'course.view');
  return loadCourse(ctx.db, who.actor, id, today(ctx));
}

export async function getCourseHistory(ctx: Ctx, who: Signed, id: number) {
  authorizeAttempt(who.actor, 'course.view');
  if (!(await q.seesCourse(ctx.db, who.actor, id))) throw new NotFound('Курс не найден');
  return q.historyOf(ctx.db, id);
}

const WRONG_MANAGER = 'Выберите руководителя курсов этого подразделения';

export async function createCourse(ctx: Ctx, who: Signed, input: CourseCreateInput) {
  authorizeAttempt(who.actor, 'course.create');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const program = authorize(who.actor, 'course.create', await q.lockProgram(trx, input.programId));
    const errors: FieldError[] = [];
    if (input.endsOn < input.startsOn)
      errors.push({ field: 'endsOn', message: 'Дата окончания раньше даты начала' });
    // A lesson outside the course's dates is refused when saved, a draft's too.
    else errors.push(...lessonsOutsideDates({ ...input, schedule: input.schedule }));
    let managerId: number | null = departmentIdsOf(who.actor, 'manager').includes(program.departmentId)
      ? who.actor.userId
      : null;
    if (input.managerId !== undefined) {
      if (input.managerId !== who.actor.userId) authorize(who.actor, 'course.reassign', program);
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
        funding: fields.funding,
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
    const { schedule: newSchedule, reason, ...fields } = input;
    // A running course's lessons may move within its dates, with a reason its history keeps;
    // nothing else of it changes.
    const reschedule =
      !mayEdit(before.status, 'update') &&
      mayEdit(before.status, 'reschedule') &&
      newSchedule !== undefined &&
      Object.values(fields).every((v) => v === undefined);
    if (!reschedule) checkEditable(before.status, 'update', 'Курс изменить нельзя');
    else if (!reason?.trim()) {
      const message = 'Укажите причину переноса занятий: её увидят в истории курса';
      throw new Invalid(message, [{ field: 'reason', message }]);
    }
    const oldSchedule = await q.scheduleOf(trx, id);
    const schedule = newSchedule?.map(scheduleRow);
    const changes = diff({ ...before, schedule: oldSchedule } as Record<string, unknown>, {
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
    else if (schedule) errors.push(...lessonsOutsideDates({ ...merged, schedule }));
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
        funding: fields.funding,
        updatedAt: now,
      })
      .where('id', '=', id)
      .execute();
    if (schedule && 'schedule' in changes.after) await q.replaceSchedule(trx, id, schedule);
    // The search vector holds the schedule's topics and the place (catalog/search.ts).
    if ('schedule' in changes.after || 'place' in changes.after)
      await refreshSearchVectors(trx, { courseIds: [id] });
    if (reschedule)
      await q.recordHistory(trx, {
        courseId: id,
        from: before.status,
        to: before.status,
        action: 'reschedule',
        byId: who.actor.userId,
        at: now,
        reason: reason?.trim() ?? null,
      });
    await recordAudit(trx, now, who, {
      action: reschedule ? 'course.rescheduled' : 'course.updated',
      entityType: 'course',
      entityId: id,
      before: changes.before,
      after: reschedule ? { ...changes.after, reason: reason?.trim() } : changes.after,
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
    checkEditable(course.status, 'quotas', 'Квоты изменить нельзя');
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
    if (diff({ quotas: before }, { quotas: after }).changed) {
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
    checkEditable(course.status, 'reassign', 'Руководителя курса сменить нельзя');
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
    if (course.status === 'archived') throw new Conflict(ARCHIVED_READ_ONLY);
    const t = transitionOf(course.status, action, 'staff');
    if (!t)
      throw new Conflict(
        `Нельзя ${ACTION_LABEL[action]} курс в состоянии «${COURSE_STATUS_LABEL[course.status]}»`,
      );
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
    if (t.to === 'archived') await archiveApplicationsOfCourse(trx, id, now);
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
 * application deadline, running → finished after the last day once every learner has a result
 * (which freezes the program as the course showed it). Applied in that order, so a course whose
 * dates all passed while no server ran moves through each step with its own history row. A course
 * starts (closed → running) when its first group is formed, not on a date (`startCourse`).
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

/**
 * The first group of a course formed: the course starts (closed → running), inside the caller's
 * transaction, which holds the course's lock. A course already running stays as it is.
 */
export async function startCourse(db: Database, who: Signed, courseId: number, now: Date) {
  const course = await q.lockCourse(db, courseId);
  const t = course && transitionOf(course.status, 'start', 'system');
  if (!t) return false;
  await applyTransition(db, courseId, t, { userId: null, at: now });
  await recordAudit(db, now, who, {
    action: AUDIT_ACTION.start,
    entityType: 'course',
    entityId: courseId,
    before: { status: t.from },
    after: { status: t.to },
  });
  return true;
}
