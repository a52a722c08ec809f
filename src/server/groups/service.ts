// Groups of learners: formed from those present on a course's first day (the attendance journal's
// marks on the course's start date), one or more per course, numbered per provider and year. Each
// use case is one transaction; the applications' moves (enrolled, no_show, «Курс начался») are the
// applications service's, the course's start (closed → running) the courses service's, both called
// inside this transaction, so that history, audit and notifications are written as every move's.
import { COURSE_STATUS_LABEL } from '../../contract/catalog.js';
import type { GroupCreate, GroupUpdate } from '../../contract/groups.js';
import type { Actor, Who } from '../access/actor.js';
import { endApplicationsOfStartedCourse, enrolInGroup } from '../applications/service.js';
import { recordAudit } from '../audit/audit.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import { startCourse } from '../courses/service.js';
import type { Database } from '../db/database.js';
import { Conflict, type FieldError, Invalid, NotFound } from '../http/errors.js';
import { groupsPolicy, learnersView } from './policy.js';
import * as q from './queries.js';

type Signed = Who & { actor: Actor };

const { authorize } = groupsPolicy;

const target = (course: q.GroupsCourse | undefined) =>
  course && { ...course, published: course.publishedAt !== null };

/** Why a group cannot be formed on this course today (null: it can). */
export function formBlocked(course: { status: string; startsOn: string }, today: string): string | null {
  if (course.status === 'archived') return 'Курс в архиве: группы больше не меняются';
  if (course.status !== 'closed' && course.status !== 'running')
    return `Группу формируют после закрытия приёма заявок, пока идёт курс: курс в состоянии «${
      COURSE_STATUS_LABEL[course.status as keyof typeof COURSE_STATUS_LABEL]
    }»`;
  if (today < course.startsOn) return `Группу формируют с первого дня курса (${course.startsOn})`;
  return null;
}

/** The year a course's groups are numbered in: the year of its first day. */
const yearOf = (course: { startsOn: string }) => Number(course.startsOn.slice(0, 4));

/** The department's code opens a group's number; a department without one uses «П<id>». */
const prefixOf = (course: q.GroupsCourse) =>
  `${course.departmentCode?.trim() || `П${course.departmentId}`}-${yearOf(course)}-`;

/** The default number: `<department code>-<year>-<n>`, n one past the largest taken. */
async function nextNumber(db: Database, course: q.GroupsCourse): Promise<string> {
  const prefix = prefixOf(course);
  const taken = (await q.numbersLike(db, course.providerId, yearOf(course), prefix))
    .map((n) => Number(n.slice(prefix.length)))
    .filter((n) => Number.isInteger(n) && n > 0);
  return `${prefix}${Math.max(0, ...taken) + 1}`;
}

const duplicate = (number: string, year: number) =>
  new Conflict(`Номер группы «${number}» уже есть у поставщика в ${year} году: укажите другой`);

// --- reading

export async function courseGroups(ctx: Ctx, who: Signed, courseId: number) {
  const course = authorize(who.actor, 'group.view', target(await q.getCourse(ctx.db, courseId)));
  const staff = groupsPolicy.can(who.actor, 'group.form', course);
  const sees = q.learnerScope(who.actor, learnersView(who.actor, course) === 'all');
  const [groups, learners, submitted] = await Promise.all([
    q.groupsOf(ctx.db, courseId),
    q.learnersOf(ctx.db, course, sees),
    q.submittedCount(ctx.db, courseId, sees),
  ]);
  const today = regionDate(ctx.now());
  const blocked = formBlocked(course, today);
  return {
    course,
    today,
    staff,
    groups: groups
      .map((g) => ({ ...g, learners: learners.filter((l) => l.groupId === g.id) }))
      // A methodist sees the groups her learners are in.
      .filter((g) => staff || sees === undefined || g.learners.length > 0),
    waiting: learners.filter((l) => l.groupId === null),
    submitted,
    formBlocked: staff ? blocked : null,
    nextNumber: staff && !blocked ? await nextNumber(ctx.db, course) : null,
  };
}

// --- forming

/**
 * Forms a group of the chosen learners, or without a choice of every forwarded learner present on
 * the first day and in no group. Each chosen one must be forwarded, present on the first day and
 * in no group (otherwise a 422 naming each, and nothing changes). The first group of a course also
 * starts it (closed → running) and ends the rest: the absent as no-shows, those still waiting
 * withdrawn with «Курс начался».
 */
export async function formGroup(ctx: Ctx, who: Signed, courseId: number, input: GroupCreate) {
  const now = ctx.now();
  const today = regionDate(now);
  return ctx.db.transaction().execute(async (trx) => {
    const course = authorize(who.actor, 'group.form', target(await q.lockCourse(trx, courseId)));
    const blocked = formBlocked(course, today);
    if (blocked) throw new Conflict(blocked);
    let ids: number[];
    if (input.applicationIds) {
      ids = input.applicationIds.map(Number);
      const found = new Map((await q.candidates(trx, course, ids)).map((a) => [a.id, a]));
      const errors: FieldError[] = [];
      ids.forEach((id, i) => {
        const a = found.get(id);
        const field = `applicationIds.${i}`;
        if (!a) errors.push({ field, message: `Заявка ${id} не относится к этому курсу` });
        else if (a.groupId !== null) errors.push({ field, message: `Заявка ${id}: слушатель уже в группе` });
        else if (a.status !== 'forwarded')
          errors.push({ field, message: `Заявка ${id}: в группу зачисляют переданные поставщику заявки` });
        else if (a.mark !== 'present')
          errors.push({ field, message: `Заявка ${id}: слушатель не отмечен присутствующим в первый день` });
      });
      if (errors.length) throw new Invalid('Эти слушатели не могут войти в группу', errors);
    } else {
      ids = await q.presentUngrouped(trx, course);
      if (ids.length === 0)
        throw new Invalid('Некого зачислять', [
          {
            field: 'applicationIds',
            message: `Нет слушателей, отмеченных присутствующими в первый день (${course.startsOn}) и ещё не в группе`,
          },
        ]);
    }
    const year = yearOf(course);
    const number = input.number?.trim() || (await nextNumber(trx, course));
    if (await q.numberTaken(trx, { providerId: course.providerId, year, number }))
      throw duplicate(number, year);
    const first = !(await q.hasGroups(trx, courseId));
    const { id } = await q.insertGroup(trx, {
      courseId,
      providerId: course.providerId,
      year,
      number,
      by: who.actor.userId,
      at: now,
    });
    if (course.status === 'closed') await startCourse(trx, who, courseId, now);
    await enrolInGroup(trx, who, courseId, id, ids, now);
    const ended = first
      ? await endApplicationsOfStartedCourse(trx, courseId, now)
      : { noShow: [], withdrawn: [] };
    await recordAudit(trx, now, who, {
      action: 'group.formed',
      entityType: 'study_group',
      entityId: id,
      after: { courseId, number, applicationIds: ids, ...(first ? ended : {}) },
    });
    return { id, number, applicationIds: ids };
  });
}

/** Renumbers a group while its course is not archived. */
export async function updateGroup(ctx: Ctx, who: Signed, id: number, input: GroupUpdate) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const group = await q.lockGroup(trx, id);
    if (!group) throw new NotFound('Группа не найдена');
    const course = authorize(who.actor, 'group.update', target(await q.lockCourse(trx, group.courseId)));
    if (!course) throw new NotFound('Группа не найдена');
    if (course.status === 'archived') throw new Conflict('Курс в архиве: номер группы больше не меняется');
    // Once documents exist, the first document issued for the group (an enrolment order) will fix
    // its number too: the check belongs here.
    const number = input.number.trim();
    if (number !== group.number) {
      if (await q.numberTaken(trx, { providerId: group.providerId, year: group.year, number, except: id }))
        throw duplicate(number, group.year);
      await q.renumber(trx, id, number, now);
      await recordAudit(trx, now, who, {
        action: 'group.renumbered',
        entityType: 'study_group',
        entityId: id,
        before: { number: group.number },
        after: { number },
      });
    }
    return { id, number, courseId: group.courseId };
  });
}
