// Demo notices for `ebppk demo`, so that the demo methodist's and manager's bells are not empty:
// the newest applications of methodist.perm's territory and a decline by the provider; for
// manager.doo, a forward to his busiest course and its places filling up. Written through notify,
// at the times the events happened, with the same texts the Bank writes (applications/notices.ts);
// deterministic: chosen by the seeded data, not at random.
import { sql } from 'kysely';
import { applicationsWord } from '../applications/notices.js';
import type { Database } from '../db/database.js';
import { notify } from '../notifications/notify.js';
import { DEMO_LOGINS } from './seed.js';

const title = sql<string>`coalesce(c.program_snapshot->>'title', p.title)`;
const teacherName = sql<string>`u.last_name || ' ' || u.first_name || coalesce(' ' || u.middle_name, '')`;

export async function seedNotices(db: Database, now: Date): Promise<void> {
  const people = await db
    .selectFrom('users as u')
    .innerJoin('userRoles as r', 'r.userId', 'u.id')
    .where('u.login', 'in', [DEMO_LOGINS.methodist, DEMO_LOGINS.manager])
    .select(['u.id', 'u.login', 'r.territoryId'])
    .execute();
  const methodist = people.find((p) => p.login === DEMO_LOGINS.methodist);
  const manager = people.find((p) => p.login === DEMO_LOGINS.manager);
  if (!methodist?.territoryId || !manager) return;

  const applications = db
    .selectFrom('applications as a')
    .innerJoin('courses as c', 'c.id', 'a.courseId')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .innerJoin('users as u', 'u.id', 'a.teacherId')
    .innerJoin('organizations as o', 'o.id', 'a.organizationId')
    .where('a.territoryId', '=', methodist.territoryId)
    .where('a.archivedAt', 'is', null)
    .select([
      'a.id',
      'a.createdAt',
      'a.updatedAt',
      'a.reason',
      title.as('title'),
      teacherName.as('teacher'),
      'o.name as organization',
    ]);
  const notices: { at: Date; notice: Parameters<typeof notify>[3] }[] = [];
  for (const app of await applications
    .where('a.status', '=', 'submitted')
    .orderBy('a.createdAt', 'desc')
    .limit(3)
    .execute())
    notices.push({
      at: app.createdAt,
      notice: {
        kind: 'application.new',
        title: `Новая заявка: ${app.teacher} — «${app.title}»`,
        body: `${app.organization}. Заявка ждёт вашего решения в копилке.`,
        link: `/applications/${app.id}`,
        entityType: 'application',
        entityId: app.id,
      },
    });
  const declined = await applications
    .where('a.status', '=', 'declined')
    .orderBy('a.updatedAt', 'desc')
    .executeTakeFirst();
  if (declined)
    notices.push({
      at: declined.updatedAt,
      notice: {
        kind: 'application.provider_declined',
        title: `Поставщик отклонил заявку: ${declined.teacher} — «${declined.title}»`,
        body: `Причина: ${declined.reason ?? 'не указана'}`,
        link: `/applications/${declined.id}`,
        entityType: 'application',
        entityId: declined.id,
      },
    });
  // Written in the order they happened, as the Bank writes them: the bell lists the newest first.
  notices.sort((x, y) => x.at.getTime() - y.at.getTime());
  for (const { at, notice } of notices) await notify(db, at, [methodist.id], notice);

  // The manager's open course with the most places taken.
  const course = await db
    .selectFrom('courses as c')
    .innerJoin('programs as p', 'p.id', 'c.programId')
    .where('c.managerId', '=', manager.id)
    .where('c.status', 'in', ['published', 'closed'])
    .select([
      'c.id',
      'c.capacity',
      title.as('title'),
      sql<number>`(SELECT count(*)::integer FROM applications a WHERE a.course_id = c.id AND a.status = 'forwarded')`.as(
        'forwarded',
      ),
    ])
    .orderBy('forwarded', 'desc')
    .orderBy('c.id')
    .executeTakeFirst();
  if (!course || course.forwarded === 0) return;
  const hourAgo = new Date(now.getTime() - 3600_000);
  await notify(db, hourAgo, [manager.id], {
    kind: 'course.forwarded',
    title: `Курс «${course.title}»: передано ${course.forwarded} ${applicationsWord(course.forwarded)}`,
    body: 'Методист передал(а) заявки в копилку поставщика.',
    link: `/baskets/provider?courseId=${course.id}`,
    entityType: 'course',
    entityId: course.id,
  });
  if (course.forwarded >= Math.ceil(course.capacity * 0.9))
    await notify(db, hourAgo, [manager.id], {
      kind: course.forwarded >= course.capacity ? 'course.places_full' : 'course.places_filling',
      title:
        course.forwarded >= course.capacity
          ? `Курс «${course.title}»: все места заняты`
          : `Курс «${course.title}»: занято ${course.forwarded} мест из ${course.capacity}`,
      body: `Мест на курсе: ${course.capacity}.`,
      link: `/baskets/provider?courseId=${course.id}`,
      entityType: 'course',
      entityId: course.id,
    });
}
