// Demo conversations for `ebppk demo`: methodist.perm (Пермский городской округ) and manager.doo
// (Отдел дошкольного образования, ИРО ПК) about the department's courses — a running course's
// first-day attendance, a closed course's group, a published course's places. Each side has
// something unread. Deterministic: fixed texts, times counted back from the clock.
import type { CourseStatus } from '../../contract/catalog.js';
import type { Database } from '../db/database.js';

type Side = 'methodist' | 'manager';
type Plan = {
  status: CourseStatus;
  /** Messages, oldest first: who, how many hours before now, what. */
  messages: [Side, number, string][];
  /** How many of the messages each side has read (its own always count as read). */
  read: Record<Side, number>;
};

const PLANS: Plan[] = [
  {
    status: 'running',
    messages: [
      [
        'methodist',
        30,
        'Добрый день! Подскажите, пожалуйста, все ли воспитатели Перми пришли на курс в первый день? ' +
          'Заведующие просили подтвердить, кого отметить в табеле.',
      ],
      [
        'manager',
        27,
        'Здравствуйте! Из направленных от Перми пришли все, кроме одного воспитателя — она на больничном. ' +
          'Группа сформирована, список пришлю после занятия.',
      ],
      ['methodist', 26, 'Спасибо! Уточню у заведующей и, если нужно, отзову заявку.'],
      [
        'manager',
        3,
        'Список группы и расписание на вторую неделю загрузила в материалы курса. ' +
          'Напомните, пожалуйста, слушателям взять с собой ноутбуки на практикум в четверг.',
      ],
    ],
    read: { methodist: 3, manager: 4 },
  },
  {
    status: 'closed',
    messages: [
      [
        'manager',
        50,
        'Коллеги, приём заявок закрыт. По квоте Пермского городского округа места заняты не все — ' +
          'неиспользованные станут общими. Есть ли у вас педагоги в резерве?',
      ],
      [
        'methodist',
        46,
        'Да, две заявки из МАДОУ «Детский сад № 12» пришли после срока. Можно ли их рассмотреть?',
      ],
      ['manager', 44, 'Передавайте сегодня до 17:00 — включу их в группу, если останутся места.'],
    ],
    read: { methodist: 3, manager: 2 },
  },
  {
    status: 'published',
    messages: [
      [
        'methodist',
        5,
        'Добрый день! Много заявок от воспитателей младших групп. Планируется ли второй поток курса ' +
          'в этом полугодии? Хотим распределить педагогов заранее.',
      ],
    ],
    read: { methodist: 1, manager: 0 },
  },
];

/** Conversations about Отдел дошкольного образования's courses, after the catalog and the accounts exist. */
export async function seedConversations(db: Database, now: Date): Promise<void> {
  const users = await db
    .selectFrom('users')
    .where('login', 'in', ['methodist.perm', 'manager.doo'])
    .select(['id', 'login'])
    .execute();
  const userOf = (side: Side) =>
    users.find((u) => u.login === `${side}.${side === 'manager' ? 'doo' : 'perm'}`)!.id;
  const territory = await db
    .selectFrom('territories')
    .where('name', '=', 'Пермский городской округ')
    .select('id')
    .executeTakeFirstOrThrow();
  const courses = await db
    .selectFrom('courses as c')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where('d.name', '=', 'Отдел дошкольного образования')
    .where('c.publishedAt', 'is not', null)
    .select(['c.id', 'c.status', 'c.publishedAt'])
    .orderBy('c.id')
    .execute();

  for (const plan of PLANS) {
    const course = courses.find((c) => c.status === plan.status);
    if (!course) continue;
    // Never before the course was published: a thread longer than that is squeezed into it.
    const since = now.getTime() - course.publishedAt!.getTime() - 3600_000;
    const longest = Math.max(...plan.messages.map(([, hours]) => hours)) * 3600_000;
    const scale = Math.min(1, since / longest);
    const times = plan.messages.map(([, hours]) => new Date(now.getTime() - hours * 3600_000 * scale));
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
        plan.messages.map(([side, , body], i) => ({
          conversationId: conversation.id,
          authorId: userOf(side),
          body,
          createdAt: times[i]!,
        })),
      )
      .returning(['id', 'authorId'])
      .execute();
    const reads = (['methodist', 'manager'] as const).flatMap((side) => {
      // Read up to the later of the plan's mark and the side's own last message.
      const own = plan.messages.map(([s]) => s).lastIndexOf(side) + 1;
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
