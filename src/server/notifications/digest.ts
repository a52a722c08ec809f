// The methodist's daily letter: the new applications of her territories since the day before, one
// e-mail at a fixed hour of the region instead of one per application (in the Bank she hears of
// each at once). The day's letter is recorded in `notification_digests` in the transaction that
// queues it, so that running the job again for the same day — in the same slot or a later one —
// sends nothing more; a day with no new application sends nothing. A letter covers what came since
// the methodist's last letter (at most a week): if the Bank was stopped through a day's hour, the
// next letter carries that day's applications too instead of losing them.
import { sql } from 'kysely';
import { NOTICE_SETTINGS } from '../../contract/notifications.js';
import { regionDate, shiftDate } from '../clock.js';
import type { Database } from '../db/database.js';
import { queueEmail } from './notify.js';

/** The hour of the region's day (Perm, UTC+5) the letters go out at. */
export const DIGEST_HOUR = 8;
const REGION_OFFSET_HOURS = 5;
/** Lines a letter lists; the rest are counted. */
const LISTED = 50;
/** How far back a letter reaches when earlier letters were missed. */
const CATCH_UP_DAYS = 7;

const SETTING = 'methodist.new_application';
const KIND = 'application.new';

/** The region day whose letter is due at `now`, and the 24 hours it covers (up to its hour). */
export function digestDay(now: Date) {
  const today = regionDate(now);
  const at = (day: string) =>
    new Date(`${day}T${String(DIGEST_HOUR - REGION_OFFSET_HOURS).padStart(2, '0')}:00:00Z`);
  const day = now >= at(today) ? today : shiftDate(today, -1, 'day');
  const until = at(day);
  return { day, from: new Date(until.getTime() - 86_400_000), until };
}

const russianDate = (day: string) => day.split('-').reverse().join('.');

/** The span a letter covers, in words: the usual day, or the days since a missed letter. */
function period(since: Date, from: Date, until: Date) {
  if (since.getTime() >= from.getTime())
    return `С ${DIGEST_HOUR}:00 вчерашнего дня до ${DIGEST_HOUR}:00 сегодня`;
  return `С ${DIGEST_HOUR}:00 ${russianDate(regionDate(since))} до ${DIGEST_HOUR}:00 ${russianDate(regionDate(until))}`;
}

/** Queues the due day's letter to every methodist who has new applications and takes it by e-mail. */
export async function sendDigests(
  db: Database,
  now: Date,
  publicUrl: string | undefined,
): Promise<{ day: string; sent: number }> {
  const { day, from, until } = digestDay(now);
  const byDefault = NOTICE_SETTINGS[SETTING].emailByDefault;
  // Since the hour of her last letter's day, or the day before the hour for a first letter.
  const hourUtc = `${DIGEST_HOUR - REGION_OFFSET_HOURS} hours`;
  const oldest = new Date(until.getTime() - CATCH_UP_DAYS * 86_400_000);
  const since = sql<Date>`greatest(coalesce(
      (SELECT (max(d.day) + ${hourUtc}::interval) AT TIME ZONE 'UTC' FROM notification_digests d
        WHERE d.user_id = n.user_id),
      ${from}::timestamptz), ${oldest}::timestamptz)`;
  const rows = await db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.userId')
    .leftJoin('notificationSettings as s', (join) =>
      join.onRef('s.userId', '=', 'n.userId').on('s.setting', '=', SETTING),
    )
    .where('n.kind', '=', KIND)
    .where('n.at', '>=', oldest)
    .where('n.at', '<', until)
    .where(sql<boolean>`n.at >= ${since}`)
    .where('u.blockedAt', 'is', null)
    .where('u.emailConfirmedAt', 'is not', null)
    .where(sql<boolean>`coalesce(s.email, ${byDefault})`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('notificationDigests as d')
            .whereRef('d.userId', '=', 'n.userId')
            .where('d.day', '=', day)
            .select('d.userId'),
        ),
      ),
    )
    .select(['n.userId', 'n.title', 'u.email', 'u.firstName', 'u.middleName', since.as('since')])
    .orderBy('n.userId')
    .orderBy('n.id')
    .execute();
  const byUser = new Map<number, typeof rows>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
  let sent = 0;
  for (const [userId, items] of byUser) {
    const first = items[0] as (typeof items)[number];
    if (!first.email?.trim()) continue;
    // The record is the guard: a second run for the day (or a parallel one) inserts nothing.
    const claimed = await db
      .insertInto('notificationDigests')
      .values({ userId, day, items: items.length, sentAt: now })
      .onConflict((oc) => oc.columns(['userId', 'day']).doNothing())
      .returning('userId')
      .executeTakeFirst();
    if (!claimed) continue;
    const lines = items.slice(0, LISTED).map((item, i) => `${i + 1}. ${item.title}`);
    if (items.length > LISTED) lines.push(`…и ещё ${items.length - LISTED}`);
    const name = `${first.firstName}${first.middleName ? ` ${first.middleName}` : ''}`;
    await queueEmail(db, now, {
      to: first.email,
      subject: `Новые заявки педагогов вашей территории: ${items.length} (сводка на ${russianDate(day)})`,
      body:
        `Здравствуйте, ${name}!\n\n${period(new Date(first.since), from, until)} поступили ` +
        `новые заявки (${items.length}):\n\n${lines.join('\n')}\n\n` +
        (publicUrl ? `Копилка методиста: ${publicUrl}/baskets/methodist\n\n` : '') +
        'Письмо со сводкой приходит раз в день. Отключить его можно в профиле, в разделе «Уведомления».',
    });
    sent++;
  }
  return { day, sent };
}
