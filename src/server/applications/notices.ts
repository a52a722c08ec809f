// What the methodists and the course's managers hear of applications (contract/notifications.ts
// NOTICE_SETTINGS says who hears what and how it is mailed): a new application of a territory, the
// provider's decline and a promotion from the waitlist for the methodists of the application's
// territory; forwards to a course (one notice per course and action, however many went) and its
// places filling up (once at 90 % and once when full) for the course's manager. Written in the
// transaction of the change; the teacher's own notices stay in service.ts `applyMoves`.
import { sql } from 'kysely';
import { regionDate } from '../clock.js';
import type { Database } from '../db/database.js';
import { type Notice, notify, notifyEach } from '../notifications/notify.js';
import { managersOf, methodistsOf } from '../notifications/recipients.js';
import { placesOf } from '../places/service.js';

/** The share of a course's places that, once taken, tells its manager places are running out. */
export const FILLING_SHARE = 0.9;

type Course = { id: number; title: string; managerId: number | null; departmentId: number };

/**
 * What the territory's methodists are told of a new application (written with it by
 * queries.insertApplication, in-app; its e-mail goes in the daily digest).
 */
export const newApplicationNotice = (app: {
  teacherName: string;
  organizationName: string;
  courseTitle: string;
}) => ({
  title: `Новая заявка: ${app.teacherName} — «${app.courseTitle}»`,
  body: `${app.organizationName}. Заявка ждёт вашего решения в копилке.`,
});

type Moved = { id: number; action: string; to: string; reason: string | null };

/**
 * The news of moves of one locked course for its methodists and its manager: declines and
 * promotions to the territories' methodists, forwards to the manager in one notice, and the
 * places running out.
 */
export async function noticeMoves(
  db: Database,
  at: Date,
  course: Course,
  moves: Moved[],
  byId: number | null,
) {
  const decided = moves.filter((m) => m.action === 'decline' || m.action === 'promote');
  if (decided.length > 0) await noticeDecisions(db, at, course, decided);
  const forwarded = moves.filter((m) => m.action === 'forward');
  if (forwarded.length > 0) await noticeForwards(db, at, course, forwarded, byId);
  if (moves.some((m) => m.to === 'forwarded')) await noticePlaces(db, at, course);
}

async function noticeDecisions(db: Database, at: Date, course: Course, moves: Moved[]) {
  const apps = await db
    .selectFrom('applications as a')
    .innerJoin('users as u', 'u.id', 'a.teacherId')
    .where(
      'a.id',
      'in',
      moves.map((m) => m.id),
    )
    .select([
      'a.id',
      'a.territoryId',
      sql<string>`u.last_name || ' ' || u.first_name || coalesce(' ' || u.middle_name, '')`.as('teacherName'),
    ])
    .execute();
  const byApp = new Map(apps.map((a) => [a.id, a]));
  const methodists = await methodistsOf(
    db,
    apps.map((a) => a.territoryId),
  );
  const notices: (Notice & { userId: number })[] = [];
  for (const move of moves) {
    const app = byApp.get(move.id);
    if (!app) continue;
    const declined = move.action === 'decline';
    const notice: Notice = {
      kind: declined ? 'application.provider_declined' : 'application.provider_promoted',
      title: declined
        ? `Поставщик отклонил заявку: ${app.teacherName} — «${course.title}»`
        : `Заявка из резерва получила место: ${app.teacherName} — «${course.title}»`,
      body: declined
        ? `Причина: ${move.reason ?? 'не указана'}`
        : 'Освободилось место: заявка переведена из резерва и передана поставщику.',
      link: `/applications/${app.id}`,
      entityType: 'application',
      entityId: app.id,
    };
    for (const m of methodists)
      if (m.territoryId === app.territoryId) notices.push({ userId: m.userId, ...notice });
  }
  await notifyEach(db, at, notices);
}

/** «заявка», «заявки», «заявок» after a number. */
export const applicationsWord = (n: number) => {
  const tens = n % 100;
  const ones = n % 10;
  if (tens >= 11 && tens <= 14) return 'заявок';
  if (ones === 1) return 'заявка';
  if (ones >= 2 && ones <= 4) return 'заявки';
  return 'заявок';
};

async function noticeForwards(db: Database, at: Date, course: Course, moves: Moved[], byId: number | null) {
  const managers = (await managersOf(db, course)).filter((id) => id !== byId);
  const waiting = moves.filter((m) => m.to === 'waitlisted').length;
  const n = moves.length;
  await notify(db, at, managers, {
    kind: 'course.forwarded',
    title: `Курс «${course.title}»: передано ${n} ${applicationsWord(n)}`,
    body:
      waiting > 0
        ? `Методист передал(а) ${n} ${applicationsWord(n)}; мест не хватило ${waiting} — они в резерве курса.`
        : `Методист передал(а) ${n} ${applicationsWord(n)} в копилку поставщика.`,
    link: `/baskets/provider?courseId=${course.id}`,
    entityType: 'course',
    entityId: course.id,
  });
}

/**
 * The course's places at 90 % and full: each told once in the course's life (a place freed and
 * taken again does not repeat it), whoever took the place.
 */
async function noticePlaces(db: Database, at: Date, course: Course) {
  const places = await placesOf(db, course.id, regionDate(at));
  if (places.capacity <= 0) return;
  const taken = places.capacity - Math.max(places.placesLeft, 0);
  const kind =
    taken >= places.capacity
      ? 'course.places_full'
      : taken >= Math.ceil(places.capacity * FILLING_SHARE)
        ? 'course.places_filling'
        : null;
  if (!kind) return;
  const told = await db
    .selectFrom('notifications')
    .where('entityType', '=', 'course')
    .where('entityId', '=', String(course.id))
    .where('kind', '=', kind)
    .select('id')
    .limit(1)
    .executeTakeFirst();
  if (told) return;
  const full = kind === 'course.places_full';
  await notify(db, at, await managersOf(db, course), {
    kind,
    title: full
      ? `Курс «${course.title}»: все места заняты`
      : `Курс «${course.title}»: занято ${taken} мест из ${places.capacity}`,
    body: full
      ? `Все ${places.capacity} мест курса заняты; новые заявки встают в резерв.`
      : `Свободных мест осталось ${places.capacity - taken}.`,
    link: `/baskets/provider?courseId=${course.id}`,
    entityType: 'course',
    entityId: course.id,
  });
}
