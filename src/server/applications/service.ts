// Applications: applying, the transitions of workflow.ts, the waitlist and the baskets. Every
// transition is one transaction holding the change, its history row, its audit row and its
// notifications. Places are taken under the course's row lock (queries.ts `lockCourse`), so
// that parallel forwards of one course happen one after another and never exceed a place.
//
// Every move of an application is written here (`applyMoves`): a person's action, a waiting
// application taking a place (places/ chooses which, in the waitlist's order), a cancelled course
// ending its applications. Courses call `promoteCourse` and `endApplicationsOfCancelledCourse`
// inside their own transactions, groups/ `enrolInGroup` and `endApplicationsOfStartedCourse`; this
// module never imports courses/ or groups/, so the dependency runs one way (courses, groups →
// applications → places). A result that leaves no learner without one finishes the course here.
import {
  type ActionInput,
  type ApplicationAction,
  type ApplicationExportQuery,
  type ApplicationListQuery,
  type ApplicationStatus,
  type BulkActionInput,
  type BulkResult,
  PROVIDER_STATUSES,
} from '../../contract/applications.js';
import { ARCHIVED_READ_ONLY, COURSE_STATUS_LABEL } from '../../contract/catalog.js';
import type { Actor, Who } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import { auditRow, recordAudit } from '../audit/audit.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { Conflict, DomainError, Invalid, NotFound } from '../http/errors.js';
import { XLSX_MAX_ROWS } from '../http/xlsx.js';
import { notify, notifyEach } from '../notifications/notify.js';
import {
  coursesWithReleasedWaitlists,
  type PlacePool,
  placePool,
  placesOf,
  waitlistToPromote,
} from '../places/service.js';
import { newApplicationNotice, noticeMoves } from './notices.js';
import { applicationsPolicy, placesView, ruleOf } from './policy.js';
import * as q from './queries.js';
import {
  ACTION_LABEL,
  holdsPlace,
  STATUS_LABEL,
  type Transition,
  transitionOf,
  type WorkflowAction,
} from './workflow.js';

type Signed = Who & { actor: Actor };
type Acting = { actor: Actor | null; meta: Who['meta'] | null };
const SYSTEM: Acting = { actor: null, meta: null };

const { authorize, authorizeAttempt } = applicationsPolicy;

/** The audit action of each workflow action. */
const auditAction = (action: WorkflowAction) => `application.${action}`;

// --- reading

export function findApplications(ctx: Ctx, who: Signed, query: ApplicationListQuery) {
  authorizeAttempt(who.actor, query.basket === 'region' ? 'application.region' : 'application.view');
  return q.findApplications(ctx.db, who.actor, query);
}

/**
 * The whole list as filtered and ordered, for a spreadsheet: its rows in batches, at most
 * XLSX_MAX_ROWS. The export carries personal data, so it is audited (with its filters and size)
 * before the first row is read.
 */
export async function exportApplications(ctx: Ctx, who: Signed, query: ApplicationExportQuery) {
  authorizeAttempt(who.actor, query.basket === 'region' ? 'application.region' : 'application.view');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const { total } = await q.findApplications(trx, who.actor, { ...query, limit: 1, offset: 0 });
    await recordAudit(trx, now, who, {
      action: 'application.exported',
      entityType: 'application',
      after: { filters: query, rows: Math.min(total, XLSX_MAX_ROWS) },
    });
  });
  return q.allApplications(ctx.db, who.actor, query, XLSX_MAX_ROWS);
}

export async function getApplication(ctx: Ctx, who: Signed, id: number) {
  const row = authorize(who.actor, 'application.view', await q.getApplication(ctx.db, who.actor, id));
  return { row, history: await q.historyOf(ctx.db, id) };
}

/** A course's places by territory, as far as the actor may see them (policy.ts `placesView`). */
export async function placesOfCourse(ctx: Ctx, who: Signed, courseId: number) {
  const course = authorize(who.actor, 'course.places', await q.publishedCourseOwner(ctx.db, courseId));
  const territories =
    placesView(who.actor, course) === 'all' ? undefined : scopeOf(who.actor).territories('methodist');
  const places = await placesOf(ctx.db, courseId, regionDate(ctx.now()), territories);
  return { ...places, learners: course.learners };
}

// --- applying

export type ApplicationCard = Awaited<ReturnType<typeof getApplication>>;

/**
 * A teacher applies for themselves, or a methodist for a teacher of her territory. One read, one
 * write statement (the application, its history and audit rows) and the territory's notices, so
 * that a registration rush costs the database as little as possible; the answer is composed from
 * what was read.
 */
export async function apply(
  ctx: Ctx,
  who: Signed,
  input: { courseId: number; teacherId?: number | undefined },
): Promise<ApplicationCard> {
  const now = ctx.now();
  const actor = who.actor;
  const teacherId = input.teacherId ?? actor.userId;
  const forOther = teacherId !== actor.userId;
  const { actorName, teacher, course } = await q.applyingParties(
    ctx.db,
    actor.userId,
    teacherId,
    input.courseId,
  );
  // Judged on the teacher applied for: oneself always exists for oneself (with no teacher's
  // profile, a 403); another teacher only for a methodist of their territory (a 404 otherwise).
  authorize(
    actor,
    'application.apply',
    teacher
      ? { teacherId, territoryId: teacher.territoryId }
      : forOther
        ? undefined
        : { teacherId, territoryId: null },
  );
  // Never: the policy refused a missing teacher above.
  if (!teacher) throw new NotFound('Учитель не найден среди педагогов вашей территории');
  if (!course) throw new NotFound('Курс не найден');
  const t = transitionOf(null, 'apply') as Transition;
  if (!t.courseIn.includes(course.status) || regionDate(now) > course.applyUntil)
    throw new Conflict(
      course.status === 'published'
        ? `Приём заявок на курс закончился ${course.applyUntil}`
        : `Заявки не принимаются: курс в состоянии «${COURSE_STATUS_LABEL[course.status]}»`,
    );
  const { territoryId, organizationId } = teacher;
  const values = {
    courseId: course.id,
    departmentId: course.departmentId,
    teacherId,
    territoryId,
    organizationId,
    createdBy: actor.userId,
    createdAt: now,
    today: regionDate(now),
  };
  const audit = auditRow(now, who, {
    action: auditAction('apply'),
    entityType: 'application',
    after: { courseId: course.id, teacherId, territoryId, status: 'submitted' },
  });
  const notice = newApplicationNotice({
    teacherName: teacher.name,
    organizationName: teacher.organizationName,
    courseTitle: course.title,
  });
  // A methodist applying for a teacher also tells the teacher, in the same transaction.
  const { open, id } = !forOther
    ? await q.insertApplication(ctx.db, values, audit, notice)
    : await ctx.db.transaction().execute(async (trx) => {
        const created = await q.insertApplication(trx, values, audit, notice);
        if (created.id !== undefined)
          await notify(trx, now, [teacherId], {
            kind: 'application.submitted',
            title: `Методист подал(а) за вас заявку на курс «${course.title}»`,
            body: 'Заявка в копилке методиста вашей территории.',
            link: `/applications/${created.id}`,
            entityType: 'application',
            entityId: created.id,
          });
        return created;
      });
  if (!open)
    throw new Conflict('Курс больше не принимает заявки: его состояние изменилось. Обновите страницу');
  if (id === undefined) throw new Conflict('На этот курс уже есть действующая заявка этого педагога');
  return {
    row: {
      id,
      status: 'submitted',
      courseId: course.id,
      courseTitle: course.title,
      courseStatus: course.status,
      startsOn: course.startsOn,
      endsOn: course.endsOn,
      applyUntil: course.applyUntil,
      departmentId: course.departmentId,
      departmentName: course.departmentName,
      providerId: course.providerId,
      providerName: course.providerName,
      teacherId,
      teacherName: teacher.name,
      position: teacher.position,
      organizationId,
      organizationName: teacher.organizationName,
      territoryId,
      territoryName: teacher.territoryName,
      reason: null,
      waitlistPosition: null,
      createdAt: now,
      updatedAt: now,
    },
    history: [
      {
        fromStatus: null,
        toStatus: 'submitted',
        action: 'apply',
        byId: actor.userId,
        byName: actorName,
        at: now,
        reason: null,
      },
    ],
  };
}

// --- transitions

/** Why the actor may not take `action` on an application (the policy's 403/404), judged before its course is locked. */
function refusal(actor: Actor, action: ApplicationAction, found: q.Target | undefined): DomainError | null {
  try {
    authorize(actor, ruleOf(action), found);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/** A checked transition of one application, with the reason it keeps (if it asks for one). */
type Planned = {
  app: { id: number; status: ApplicationStatus; teacherId: number };
  t: Transition;
  reason: string | null;
};

/**
 * Applications of one course taking the same action, in the order given, inside the caller's
 * transaction: the course is locked, then the applications; each is checked as if it were alone;
 * forwards take places in order from the places read once under the lock. Returns each one's new
 * state or why it was refused.
 */
async function transitionsOfCourse(
  trx: Database,
  who: Signed,
  courseId: number,
  targets: q.Target[],
  action: ApplicationAction,
  reason: string | null,
  now: Date,
): Promise<(ApplicationStatus | DomainError)[]> {
  const course = (await q.lockCourse(trx, courseId)) as q.LockedCourse;
  const locked = await q.lockApplications(
    trx,
    targets.map((t) => t.id),
  );
  const state = new Map(locked.map((a) => [a.id, a.status]));
  let pool: PlacePool | undefined;
  const planned: Planned[] = [];
  const outcomes: (ApplicationStatus | DomainError)[] = [];
  for (const found of targets) {
    const status = state.get(found.id) as ApplicationStatus;
    if (course.status === 'archived') {
      outcomes.push(new Conflict(ARCHIVED_READ_ONLY));
      continue;
    }
    // The policy has judged the party (each action has the same parties in every state).
    const t = transitionOf(status, action);
    if (!t) {
      outcomes.push(
        new Conflict(`Заявка в состоянии «${STATUS_LABEL[status]}»: нельзя ${ACTION_LABEL[action]}`),
      );
      continue;
    }
    if (!t.courseIn.includes(course.status)) {
      outcomes.push(
        new Conflict(
          `Курс в состоянии «${COURSE_STATUS_LABEL[course.status]}»: нельзя ${ACTION_LABEL[action]} заявку`,
        ),
      );
      continue;
    }
    if (t.needsReason && !reason) {
      outcomes.push(
        new Invalid('Укажите причину', [{ field: 'reason', message: 'Укажите причину: её увидит педагог' }]),
      );
      continue;
    }
    if (t.afterEnd && !(regionDate(now) > course.endsOn)) {
      outcomes.push(
        new Conflict(
          `Окончание обучения отмечается после последнего дня курса (${course.endsOn}); отчислить можно и раньше`,
        ),
      );
      continue;
    }
    let to = t.to;
    if (t.noPlace) {
      pool ??= await placePool(trx, course.id, now);
      if (!pool.take(found.territoryId)) to = t.noPlace;
    }
    planned.push({
      app: { id: found.id, status, teacherId: found.teacherId },
      t: { ...t, to },
      reason: t.needsReason ? reason : null,
    });
    state.set(found.id, to);
    outcomes.push(to);
  }
  await applyMoves(trx, who, course, planned, now);
  if (planned.some((p) => RESULTS.includes(p.t.to))) await finishIfDone(trx, course, now);
  return outcomes;
}

/** The states of a learner's result. */
const RESULTS: readonly ApplicationStatus[] = ['completed', 'not_completed'];

/**
 * After a result is recorded: a running course whose last day has passed and whose every learner
 * now has a result finishes at once (courses/lifecycle.ts, `finish` by the system), in the same
 * transaction; the periodic job would otherwise do it on its next run.
 */
async function finishIfDone(trx: Database, course: q.LockedCourse, now: Date) {
  if (!(await q.finishCourse(trx, course.id, regionDate(now), now))) return;
  await recordAudit(trx, now, SYSTEM, {
    action: 'course.finished',
    entityType: 'course',
    entityId: course.id,
    before: { status: 'running' },
    after: { status: 'finished' },
  });
}

/**
 * Applies checked transitions of one locked course: the changes with their history rows, the
 * audit rows and the notifications, each kind in one statement; then, if places were freed, the
 * waitlist's promotion.
 */
async function applyMoves(trx: Database, who: Acting, course: q.LockedCourse, planned: Planned[], now: Date) {
  if (planned.length === 0) return;
  const moves = planned.map(({ app, t, reason }) => ({
    id: app.id,
    from: app.status,
    to: t.to,
    action: t.action,
    reason,
  }));
  if ((await q.moveApplications(trx, moves, who.actor?.userId ?? null, now)) !== moves.length)
    throw new Conflict('Состояние заявки изменилось; обновите страницу');
  await recordAudit(
    trx,
    now,
    who,
    moves.map((m) => ({
      action: auditAction(m.action as WorkflowAction),
      entityType: 'application',
      entityId: m.id,
      before: { status: m.from },
      after: { status: m.to, ...(m.reason ? { reason: m.reason } : {}) },
    })),
  );
  const notices: Parameters<typeof notifyEach>[2] = [];
  for (const { app, t, reason } of planned) {
    // The teacher hears of every change they did not make themselves.
    if (who.actor?.userId !== app.teacherId)
      notices.push({
        userId: app.teacherId,
        kind: `application.${t.to}`,
        title: `Заявка на курс «${course.title}»: ${STATUS_LABEL[t.to]}`,
        body: reason ? `Причина: ${reason}` : noticeBody(t),
        link: `/applications/${app.id}`,
        entityType: 'application',
        entityId: app.id,
      });
    // The course's manager hears of an application leaving the provider's basket by another's hand.
    const leaves = PROVIDER_STATUSES.includes(app.status) && !PROVIDER_STATUSES.includes(t.to);
    // (Not when the course's start ends what still waits: the manager formed the group.)
    if (leaves && t.action !== 'start' && course.managerId !== null && who.actor?.userId !== course.managerId)
      notices.push({
        userId: course.managerId,
        kind: `application.${t.action}`,
        title: `Курс «${course.title}»: заявка ${t.action === 'recall' ? 'возвращена методисту' : 'отозвана'}`,
        body: 'Место в группе освободилось; резерв курса получает его по очереди.',
        link: `/applications/${app.id}`,
        entityType: 'application',
        entityId: app.id,
      });
  }
  await notifyEach(trx, now, notices);
  await noticeMoves(trx, now, course, moves, who.actor?.userId ?? null);
  if (planned.some(({ app, t }) => holdsPlace(app.status) && !holdsPlace(t.to)))
    await promoteWaitlisted(trx, course, now);
}

function noticeBody(t: Transition): string {
  switch (t.to) {
    case 'forwarded':
      return t.action === 'promote'
        ? 'Освободилось место: заявка переведена из резерва и передана поставщику.'
        : 'Методист передал(а) заявку поставщику курса.';
    case 'waitlisted':
      return 'Свободных мест нет: заявка в резерве и получит место, когда оно освободится.';
    case 'submitted':
      return 'Заявка возвращена в копилку методиста.';
    case 'enrolled':
      return 'Вы зачислены в группу обучающихся курса.';
    case 'no_show':
      return 'Вы не отмечены присутствующим в первый день курса: заявка закрыта.';
    case 'completed':
      return 'Вы окончили обучение по курсу. Документ об обучении появится в разделе «Моё повышение квалификации», когда его выдадут.';
    default:
      return `Действие: ${ACTION_LABEL[t.action]}.`;
  }
}

/** Working applications of these territories by state, as a methodist's basket counts them (her dashboard). */
export const territoryCounts = (db: Database, territories: number[]) => q.territoryCounts(db, territories);

/**
 * Gives free places to the waitlist in its order (places/ chooses who takes them) and moves those
 * applications. Runs under the course's lock, after any change that frees or adds places.
 */
export async function promoteWaitlisted(trx: Database, course: q.LockedCourse, now: Date): Promise<number[]> {
  if (!['published', 'closed'].includes(course.status)) return [];
  const t = transitionOf('waitlisted', 'promote') as Transition;
  const planned: Planned[] = (await waitlistToPromote(trx, course.id, now)).map((app) => ({
    app: { ...app, status: 'waitlisted' },
    t,
    reason: null,
  }));
  await applyMoves(trx, SYSTEM, course, planned, now);
  return planned.map((p) => p.app.id);
}

export async function transition(
  ctx: Ctx,
  who: Signed,
  id: number,
  action: ApplicationAction,
  input: ActionInput,
) {
  const [found] = await q.targetsOf(ctx.db, [id]);
  const target = authorize(who.actor, ruleOf(action), found);
  const now = ctx.now();
  const [outcome] = await ctx.db
    .transaction()
    .execute((trx) =>
      transitionsOfCourse(trx, who, target.courseId, [target], action, input?.reason ?? null, now),
    );
  if (outcome instanceof DomainError) throw outcome;
  // Whoever took an action still sees the application afterwards (workflow.ts and policy.ts agree).
  return getApplication(ctx, who, id);
}

/**
 * The same action on many applications, answered per id in the order given. The applications of
 * one course move together in one transaction (one lock of the course, one reading of its places),
 * course after course; a refusal of one id does not stop the others.
 */
export async function bulkTransition(
  ctx: Ctx,
  who: Signed,
  action: ApplicationAction,
  input: BulkActionInput,
): Promise<BulkResult> {
  authorizeAttempt(who.actor, ruleOf(action));
  const found = new Map((await q.targetsOf(ctx.db, input.ids)).map((t) => [t.id, t]));
  const outcomes: (ApplicationStatus | DomainError)[] = [];
  const byCourse = new Map<number, { at: number; target: q.Target }[]>();
  for (const [at, id] of input.ids.entries()) {
    const target = found.get(id);
    const refused = refusal(who.actor, action, target);
    if (refused || !target) {
      outcomes[at] = refused ?? new NotFound('Заявка не найдена');
      continue;
    }
    byCourse.set(target.courseId, [...(byCourse.get(target.courseId) ?? []), { at, target }]);
  }
  for (const [courseId, group] of byCourse) {
    const now = ctx.now();
    let results: (ApplicationStatus | DomainError)[];
    try {
      results = await ctx.db.transaction().execute((trx) =>
        transitionsOfCourse(
          trx,
          who,
          courseId,
          group.map((g) => g.target),
          action,
          input.reason ?? null,
          now,
        ),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results = group.map(() => error);
    }
    for (const [i, g] of group.entries()) outcomes[g.at] = results[i] as ApplicationStatus | DomainError;
  }
  return {
    results: input.ids.map((id, at) => {
      const outcome = outcomes[at] as ApplicationStatus | DomainError;
      return outcome instanceof DomainError
        ? {
            id: String(id),
            ok: false,
            error: outcome.errors?.[0]?.message ?? outcome.detail ?? outcome.title,
          }
        : { id: String(id), ok: true, status: outcome };
    }),
  };
}

/**
 * A cancelled course ends its active applications with the course's reason (inside the
 * cancelling transaction, which holds the course's lock).
 */
export async function endApplicationsOfCancelledCourse(
  trx: Database,
  who: Acting,
  courseId: number,
  reason: string,
  now: Date,
) {
  const course = (await q.lockCourse(trx, courseId)) as q.LockedCourse;
  const active = await trx
    .selectFrom('applications')
    .where('courseId', '=', courseId)
    .where('status', 'in', ['submitted', 'forwarded', 'waitlisted'])
    .select(['id', 'status', 'teacherId'])
    .orderBy('id')
    .execute();
  const planned = active.map((app) => ({
    app,
    t: transitionOf(app.status, 'cancel') as Transition,
    reason: `Курс отменён: ${reason}`,
  }));
  await applyMoves(trx, who, course, planned, now);
}

/**
 * An archived course takes its applications into the archive with it (inside the archiving
 * transaction): they leave the working baskets and stay readable on their own pages.
 */
export async function archiveApplicationsOfCourse(trx: Database, courseId: number, now: Date) {
  await trx
    .updateTable('applications')
    .set({ archivedAt: now })
    .where('courseId', '=', courseId)
    .where('archivedAt', 'is', null)
    .execute();
}

/** Promotes the waitlists of courses whose quotas were released today or whose places grew. */
export async function promoteCourse(trx: Database, courseId: number, now: Date) {
  const course = await q.lockCourse(trx, courseId);
  return course ? promoteWaitlisted(trx, course, now) : [];
}

/**
 * The waitlists of courses whose quotas have been released: their unused quota places became
 * common on that date without anyone acting. Run by the periodic job, one course at a time.
 */
export async function promoteReleasedWaitlists(db: Database, now: Date) {
  for (const id of await coursesWithReleasedWaitlists(db, now)) await promoteCourse(db, id, now);
}

// --- group formation (groups/ calls these inside its transaction, which holds the course's lock)

/**
 * Enrols forwarded applications of a course into a group: each moves forwarded → enrolled (its
 * history, audit and notification rows as every move) and joins the group. The caller has checked
 * that each is forwarded and present on the first day; a state changed meanwhile is a 409.
 */
export async function enrolInGroup(
  trx: Database,
  who: Signed,
  courseId: number,
  groupId: number,
  ids: number[],
  now: Date,
) {
  const course = (await q.lockCourse(trx, courseId)) as q.LockedCourse;
  const t = transitionOf('forwarded', 'enrol') as Transition;
  const locked = await q.lockApplications(trx, ids);
  if (locked.length !== ids.length || locked.some((a) => a.status !== 'forwarded'))
    throw new Conflict('Состояние заявки изменилось; обновите страницу');
  const planned: Planned[] = locked.map((app) => ({ app, t, reason: null }));
  await applyMoves(trx, who, course, planned, now);
  await q.joinGroup(trx, groupId, ids);
}

/** The reason a started course gives the applications it ends while they still wait. */
export const COURSE_STARTED = 'Курс начался';

/**
 * The first group of a course has been formed (the course is running): forwarded applications not
 * present on the first day end as no-shows, those still waiting (submitted, waitlisted) are
 * withdrawn with the reason «Курс начался»; the teachers are told. Forwarded learners present but
 * not chosen stay forwarded for another group. Returns the ids ended, by their new state.
 */
export async function endApplicationsOfStartedCourse(trx: Database, courseId: number, now: Date) {
  const course = (await q.lockCourse(trx, courseId)) as q.LockedCourse;
  const planned: Planned[] = (await q.endedByStart(trx, courseId)).map((app) =>
    app.status === 'forwarded'
      ? { app, t: transitionOf('forwarded', 'no_show') as Transition, reason: null }
      : { app, t: transitionOf(app.status, 'start') as Transition, reason: COURSE_STARTED },
  );
  for (const p of planned)
    if (!p.t.courseIn.includes(course.status))
      throw new Conflict(`Курс в состоянии «${COURSE_STATUS_LABEL[course.status]}»: заявки не закрываются`);
  await applyMoves(trx, SYSTEM, course, planned, now);
  return {
    noShow: planned.filter((p) => p.t.to === 'no_show').map((p) => p.app.id),
    withdrawn: planned.filter((p) => p.t.to === 'withdrawn').map((p) => p.app.id),
  };
}
