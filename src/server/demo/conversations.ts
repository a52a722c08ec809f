// Demo conversations for `ebppk demo` (data/conversations.json): methodist.perm (Пермский городской
// округ) and manager.doo (Отдел дошкольного образования, ИРО ПК) about the department's courses — a
// running course's first-day attendance, a closed course's group, a published course's places. Each
// side has something unread. Deterministic: fixed texts, times counted back from the clock.
import type { Database } from '../db/database.js';
import { CONVERSATIONS } from './data.js';

type Side = 'methodist' | 'manager';

/** Conversations about the department's courses, after the catalog and the accounts exist. */
export async function seedConversations(db: Database, now: Date): Promise<void> {
  const users = await db
    .selectFrom('users')
    .where('login', 'in', [CONVERSATIONS.methodist, CONVERSATIONS.manager])
    .select(['id', 'login'])
    .execute();
  const userOf = (side: Side) => users.find((u) => u.login === CONVERSATIONS[side])!.id;
  const territory = await db
    .selectFrom('territories')
    .where('name', '=', CONVERSATIONS.territory)
    .select('id')
    .executeTakeFirstOrThrow();
  const courses = await db
    .selectFrom('courses as c')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where('d.name', '=', CONVERSATIONS.department)
    .where('c.publishedAt', 'is not', null)
    .select(['c.id', 'c.status', 'c.publishedAt'])
    .orderBy('c.id')
    .execute();

  for (const plan of CONVERSATIONS.threads) {
    const course = courses.find((c) => c.status === plan.courseStatus);
    if (!course) continue;
    // Never before the course was published: a thread longer than that is squeezed into it.
    const since = now.getTime() - course.publishedAt!.getTime() - 3600_000;
    const longest = Math.max(...plan.messages.map((m) => m.hoursAgo)) * 3600_000;
    const scale = Math.min(1, since / longest);
    const times = plan.messages.map((m) => new Date(now.getTime() - m.hoursAgo * 3600_000 * scale));
    const conversation = await db
      .insertInto('conversations')
      .values({
        courseId: course.id,
        territoryId: territory.id,
        createdAt: times[0]!,
        lastMessageAt: times.at(-1)!,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const messages = await db
      .insertInto('conversationMessages')
      .values(
        plan.messages.map((m, i) => ({
          conversationId: conversation.id,
          authorId: userOf(m.from),
          body: m.text,
          createdAt: times[i]!,
        })),
      )
      .returning(['id', 'authorId'])
      .execute();
    const reads = (['methodist', 'manager'] as const).flatMap((side) => {
      // Read up to the later of the plan's mark and the side's own last message.
      const own = plan.messages.map((m) => m.from).lastIndexOf(side) + 1;
      const upTo = Math.max(plan.read[side], own);
      return upTo > 0
        ? [
            {
              conversationId: conversation.id,
              userId: userOf(side),
              lastReadMessageId: messages[upTo - 1]!.id,
              readAt: times[upTo - 1]!,
            },
          ]
        : [];
    });
    if (reads.length) await db.insertInto('conversationReads').values(reads).execute();
  }
}
