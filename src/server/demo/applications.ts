// Demo applications over the demo courses, in every state: baskets to work in (submitted ones for
// the methodists, forwarded and waitlisted ones for the managers), groups learning, results of
// finished courses. Places follow the places rule as the service applies it (quota first, then
// common places, then the waitlist), and each application carries the history that led it there.
// The reasons given for refusals are in data/applications.json.
import dayjs from 'dayjs';
import type { ApplicationStatus } from '../../contract/applications.js';
import { regionDate } from '../clock.js';
import type { Database } from '../db/database.js';
import { APPLICATIONS } from './data.js';
import { Random } from './seed.js';

type Step = {
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  action: string;
  by: 'teacher' | 'methodist' | 'staff';
};
const apply: Step = { from: null, to: 'submitted', action: 'apply', by: 'teacher' };
const forward: Step = { from: 'submitted', to: 'forwarded', action: 'forward', by: 'methodist' };
const enrol: Step = { from: 'forwarded', to: 'enrolled', action: 'enrol', by: 'staff' };

/** The history that brings an application to its state. */
const PATHS: Record<ApplicationStatus, Step[]> = {
  submitted: [apply],
  rejected: [apply, { from: 'submitted', to: 'rejected', action: 'reject', by: 'methodist' }],
  forwarded: [apply, forward],
  waitlisted: [apply, { from: 'submitted', to: 'waitlisted', action: 'forward', by: 'methodist' }],
  declined: [apply, forward, { from: 'forwarded', to: 'declined', action: 'decline', by: 'staff' }],
  withdrawn: [apply, { from: 'submitted', to: 'withdrawn', action: 'withdraw', by: 'teacher' }],
  enrolled: [apply, forward, enrol],
  no_show: [apply, forward, { from: 'forwarded', to: 'no_show', action: 'no_show', by: 'staff' }],
  completed: [apply, forward, enrol, { from: 'enrolled', to: 'completed', action: 'complete', by: 'staff' }],
  not_completed: [
    apply,
    forward,
    enrol,
    { from: 'enrolled', to: 'not_completed', action: 'fail', by: 'staff' },
  ],
};

export async function seedApplications(db: Database, now: Date, random: Random): Promise<number> {
  const today = regionDate(now);
  const courses = await db
    .selectFrom('courses')
    .where('status', 'in', ['published', 'closed', 'running', 'finished', 'archived'])
    .select([
      'id',
      'departmentId',
      'status',
      'capacity',
      'managerId',
      'applyUntil',
      'publishedAt',
      'quotaReleaseOn',
    ])
    .orderBy('id')
    .execute();
  const quotas = await db.selectFrom('courseQuotas').select(['courseId', 'territoryId', 'places']).execute();
  const methodists = new Map(
    (
      await db
        .selectFrom('userRoles')
        .where('role', '=', 'methodist')
        .select(['territoryId', 'userId'])
        .execute()
    ).map((m) => [m.territoryId, m.userId]),
  );
  // Applicants: teachers of the territories that have a methodist (the demo teacher among them).
  const territoryTeachers = await db
    .selectFrom('teacherProfiles as tp')
    .innerJoin('organizations as o', 'o.id', 'tp.organizationId')
    .innerJoin('users as u', 'u.id', 'tp.userId')
    .where(
      'o.territoryId',
      'in',
      [...methodists.keys()].filter((id): id is number => id !== null),
    )
    .select(['u.id', 'u.login', 'tp.organizationId', 'o.territoryId'])
    .orderBy('u.id')
    .execute();
  // Not every teacher applies: a drawing of its own, so the rest of the stream stays as it was.
  const applies = new Random(20261130);
  const teachers = territoryTeachers.filter(
    (t) => applies.next() < APPLICATIONS.applicantShare || t.login === 'teacher@demo.ebppk.ru',
  );
  const demoTeacher = teachers.find((t) => t.login === 'teacher@demo.ebppk.ru');

  const rows: {
    courseId: number;
    departmentId: number;
    teacherId: number;
    territoryId: number;
    organizationId: number;
    status: ApplicationStatus;
    reason: string | null;
    managerId: number | null;
    times: Date[];
  }[] = [];
  for (const [index, course] of courses.entries()) {
    const open = course.status === 'published' || course.status === 'closed';
    // Some open courses draw more teachers than they have places: their waitlists.
    const crowded = open && index % 5 === 0;
    const count = Math.min(
      teachers.length,
      Math.round(
        course.capacity * (crowded ? 1.4 : open ? 0.3 + random.next() * 0.5 : 0.8 + random.next() * 0.2),
      ),
    );
    const applicants = random.shuffle([...teachers]).slice(0, count);
    if (demoTeacher && index % 7 === 0 && !applicants.includes(demoTeacher)) applicants[0] = demoTeacher;
    const quotaLeft = new Map(
      quotas.filter((q) => q.courseId === course.id).map((q) => [q.territoryId, q.places]),
    );
    const released = course.quotaReleaseOn !== null && course.quotaReleaseOn <= today;
    let common = course.capacity - [...quotaLeft.values()].reduce((a, b) => a + b, 0);
    if (released) {
      common = course.capacity;
      quotaLeft.clear();
    }
    /** Takes a place by the places rule; false when none is free for the territory. */
    const take = (territoryId: number) => {
      const own = quotaLeft.get(territoryId) ?? 0;
      if (own > 0) quotaLeft.set(territoryId, own - 1);
      else if (common > 0) common--;
      else return false;
      return true;
    };
    const applied = (course.publishedAt ?? now).getTime();
    const deadline = Math.min(
      dayjs(`${course.applyUntil}T18:00:00+05:00`).valueOf(),
      dayjs(now).subtract(24, 'hour').valueOf(),
    );
    for (const teacher of applicants) {
      const roll = random.next();
      let status: ApplicationStatus;
      if (course.status === 'published')
        status =
          roll < 0.45 ? 'submitted' : roll < 0.52 ? 'rejected' : roll < 0.57 ? 'withdrawn' : 'forwarded';
      else if (course.status === 'closed')
        status = roll < 0.06 ? 'declined' : roll < 0.1 ? 'rejected' : 'forwarded';
      else if (course.status === 'running') status = roll < 0.1 ? 'no_show' : 'enrolled';
      else status = roll < 0.08 ? 'not_completed' : roll < 0.13 ? 'no_show' : 'completed';
      if (
        ['forwarded', 'enrolled', 'completed', 'not_completed'].includes(status) &&
        !take(teacher.territoryId)
      )
        status = open ? 'waitlisted' : 'declined';
      const steps = PATHS[status].length;
      const start = applied + random.int(1, 48) * 3_600_000;
      const span = Math.max(deadline - start, steps * 3_600_000);
      const times = Array.from({ length: steps }, (_, i) => new Date(start + Math.round((span * i) / steps)));
      const reasons = APPLICATIONS.reasons[status];
      rows.push({
        courseId: course.id,
        departmentId: course.departmentId,
        teacherId: teacher.id,
        territoryId: teacher.territoryId,
        organizationId: teacher.organizationId,
        status,
        reason: reasons ? random.pick(reasons) : null,
        managerId: course.managerId,
        times,
      });
    }
  }
  if (rows.length === 0) return 0;
  // Numbered in the order they were made, as the Bank numbers them: lists whose default order is
  // the newest first (by number) then read newest first.
  rows.sort((x, y) => x.times[0]!.getTime() - y.times[0]!.getTime());
  const created = await db
    .insertInto('applications')
    .values(
      rows.map((r) => ({
        courseId: r.courseId,
        departmentId: r.departmentId,
        teacherId: r.teacherId,
        territoryId: r.territoryId,
        organizationId: r.organizationId,
        status: r.status,
        waitlistedAt: r.status === 'waitlisted' ? r.times.at(-1)! : null,
        reason: r.reason,
        createdBy: r.teacherId,
        createdAt: r.times[0]!,
        updatedAt: r.times.at(-1)!,
      })),
    )
    .returning('id')
    .execute();
  const history = rows.flatMap((r, i) =>
    PATHS[r.status].map((step, k) => ({
      applicationId: created[i]!.id,
      fromStatus: step.from,
      toStatus: step.to,
      action: step.action,
      byId:
        step.by === 'teacher'
          ? r.teacherId
          : step.by === 'methodist'
            ? (methodists.get(r.territoryId) ?? null)
            : r.managerId,
      at: r.times[k]!,
      reason: k === PATHS[r.status].length - 1 ? r.reason : null,
    })),
  );
  // PGlite pays per statement: a few large inserts.
  for (let i = 0; i < history.length; i += 2000)
    await db
      .insertInto('applicationHistory')
      .values(history.slice(i, i + 2000))
      .execute();
  return rows.length;
}
