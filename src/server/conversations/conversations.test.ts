import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { buildCatalogCast, buildCourse, buildTerritory, buildUser } from '../../../test/factories.js';

const t = await testApp();

let cast: Awaited<ReturnType<typeof buildCatalogCast>>;
const s: Record<string, Session> = {};
let otherMethodistId: number;
let blockedMethodistId: number;

const base = (courseId: number, territoryId: number) =>
  `/api/v1/courses/${courseId}/conversations/${territoryId}`;
const post = (who: Session, courseId: number, territoryId: number, body: unknown) =>
  t.request(who, { method: 'POST', url: `${base(courseId, territoryId)}/messages`, payload: { body } });
const get = (who: Session | null, url: string) => t.request(who, { method: 'GET', url: `/api/v1${url}` });
const unread = async (who: Session) => (await get(who, '/conversations/unread-count')).json();
const auditOf = (action: string, entityId: string) =>
  t.db
    .selectFrom('auditEvents')
    .where('action', '=', action)
    .where('entityId', '=', entityId)
    .orderBy('id')
    .selectAll()
    .execute();
const notices = (conversationId: string) =>
  t.db
    .selectFrom('notifications')
    .where('entityType', '=', 'conversation')
    .where('entityId', '=', conversationId)
    .orderBy('id')
    .select(['userId', 'kind', 'title', 'body', 'link'])
    .execute();

const published = (managerId?: number) =>
  buildCourse(t.db, {
    departmentId: cast.deptA.id,
    status: 'published',
    ...(managerId ? { managerId } : {}),
  });

beforeAll(async () => {
  cast = await buildCatalogCast(t.db);
  const otherMethodist = await buildUser(t.db, {
    roles: [{ role: 'methodist', territoryId: cast.otherTerritory.id }],
  });
  otherMethodistId = otherMethodist.id;
  blockedMethodistId = (
    await buildUser(t.db, { roles: [{ role: 'methodist', territoryId: cast.territory.id }], blocked: true })
  ).id;
  const { users } = cast;
  for (const [name, user] of Object.entries({ ...users, otherMethodist }))
    s[name] = await t.login(user.login);
});

describe('a thread between the department and the territory', () => {
  it('is empty until the first message creates it; both sides then read it', async () => {
    const course = await published(cast.users.managerA.id);
    const empty = await get(s.methodist!, `/courses/${course.id}/conversations/${cast.territory.id}`);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({
      id: null,
      courseId: String(course.id),
      courseTitle: course.program.title,
      territoryId: String(cast.territory.id),
      territoryName: cast.territory.name,
      messages: [],
      unreadCount: 0,
      canPost: true,
    });
    expect(await t.db.selectFrom('conversations').where('courseId', '=', course.id).execute()).toEqual([]);

    const first = await post(
      s.methodist!,
      course.id,
      cast.territory.id,
      '  Добрый день!\nСколько мест для нас?  ',
    );
    expect(first.statusCode, first.body).toBe(201);
    const message = first.json();
    expect(message).toMatchObject({
      body: 'Добрый день!\nСколько мест для нас?',
      authorId: String(cast.users.methodist.id),
      authorName: 'Методистова Мария Петровна',
      own: true,
    });
    for (const reader of ['managerA', 'managerA2', 'headA']) {
      const thread = await get(s[reader]!, `/conversations/${message.conversationId}`);
      expect(thread.statusCode, reader).toBe(200);
      expect(thread.json()).toMatchObject({
        id: message.conversationId,
        unreadCount: 1,
        messages: [{ id: message.id, own: false }],
      });
    }
    const audit = await auditOf('conversation.message_posted', message.conversationId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: cast.users.methodist.id, entityType: 'conversation' });
    expect(audit[0]!.after).toEqual({
      courseId: course.id,
      territoryId: cast.territory.id,
      messageId: Number(message.id),
      body: 'Добрый день!\nСколько мест для нас?',
    });
  });

  it('does not exist for anyone else: 404 for the thread, nothing in lists; 403 for other roles', async () => {
    const course = await published();
    const { conversationId } = (
      await post(s.methodist!, course.id, cast.territory.id, 'Здравствуйте')
    ).json();
    for (const outsider of ['managerB', 'headB', 'managerC', 'otherMethodist']) {
      const who = s[outsider]!;
      for (const url of [
        `/courses/${course.id}/conversations/${cast.territory.id}`,
        `/conversations/${conversationId}`,
      ])
        expect((await get(who, url)).statusCode, `${outsider} ${url}`).toBe(404);
      expect((await post(who, course.id, cast.territory.id, 'Можно?')).statusCode, outsider).toBe(404);
      const read = await t.request(who, {
        method: 'POST',
        url: `/api/v1/conversations/${conversationId}/read`,
      });
      expect(read.statusCode, outsider).toBe(404);
      const list = (await get(who, `/conversations?courseId=${course.id}`)).json();
      expect(list, outsider).toEqual({ items: [], total: 0 });
      expect(await unread(who)).toEqual({ messages: 0, conversations: 0 });
    }
    for (const role of ['teacher', 'operator', 'adminX']) {
      expect((await get(s[role]!, `/conversations/${conversationId}`)).statusCode, role).toBe(403);
      expect((await get(s[role]!, '/conversations')).statusCode, role).toBe(403);
      expect((await post(s[role]!, course.id, cast.territory.id, 'Можно?')).statusCode, role).toBe(403);
    }
    expect((await get(null, '/conversations')).statusCode).toBe(401);
    // Their own territory's thread about the course is theirs to open.
    const own = await get(s.otherMethodist!, `/courses/${course.id}/conversations/${cast.otherTerritory.id}`);
    expect(own.json()).toMatchObject({ id: null, messages: [] });
  });

  it('exists only for courses that were published, and territories that exist', async () => {
    const draft = await buildCourse(t.db, { departmentId: cast.deptA.id, status: 'draft' });
    for (const who of [s.managerA!, s.methodist!]) {
      expect((await get(who, `/courses/${draft.id}/conversations/${cast.territory.id}`)).statusCode).toBe(
        404,
      );
      expect((await post(who, draft.id, cast.territory.id, 'Черновик?')).statusCode).toBe(404);
    }
    const course = await published();
    expect((await get(s.managerA!, `/courses/${course.id}/conversations/2000000000`)).statusCode).toBe(404);
    expect(
      (await get(s.managerA!, `/courses/2000000000/conversations/${cast.territory.id}`)).statusCode,
    ).toBe(404);
  });

  it('lists the actor’s threads, newest first, filtered by course and territory', async () => {
    const a = await published();
    const b = await published();
    t.clock.advance(60_000);
    await post(s.methodist!, a.id, cast.territory.id, 'По курсу А');
    t.clock.advance(60_000);
    await post(s.managerA!, b.id, cast.otherTerritory.id, 'По курсу Б, другой территории');
    t.clock.advance(60_000);
    await post(s.managerA!, b.id, cast.territory.id, 'По курсу Б');

    const mine = (await get(s.methodist!, '/conversations?limit=200')).json();
    const territories = new Set(mine.items.map((i: { territoryId: string }) => i.territoryId));
    expect(territories).toEqual(new Set([String(cast.territory.id)]));
    const ofB = (await get(s.managerA!, `/conversations?courseId=${b.id}`)).json();
    expect(ofB.total).toBe(2);
    expect(ofB.items.map((i: { lastMessage: { body: string } }) => i.lastMessage.body)).toEqual([
      'По курсу Б',
      'По курсу Б, другой территории',
    ]);
    const one = (
      await get(s.headA!, `/conversations?courseId=${b.id}&territoryId=${cast.otherTerritory.id}`)
    ).json();
    expect(one.items).toHaveLength(1);
    expect(one.items[0]).toMatchObject({
      courseId: String(b.id),
      territoryName: cast.otherTerritory.name,
      unreadCount: 1,
      lastMessage: { own: false, authorName: expect.stringContaining('Курсова') },
    });
    const otherSide = (await get(s.otherMethodist!, '/conversations')).json();
    expect(otherSide.items.map((i: { courseId: string }) => i.courseId)).toEqual([String(b.id)]);
  });
});

describe('unread counts', () => {
  it('count others’ messages after the reader’s mark, per user; posting and reading move the mark', async () => {
    const course = await published(cast.users.managerA.id);
    const before = {
      managerA: await unread(s.managerA!),
      managerA2: await unread(s.managerA2!),
      methodist: await unread(s.methodist!),
    };
    await post(s.methodist!, course.id, cast.territory.id, 'Первое');
    const second = (await post(s.methodist!, course.id, cast.territory.id, 'Второе')).json();
    const id = second.conversationId as string;
    expect(await unread(s.managerA!)).toEqual({
      messages: before.managerA.messages + 2,
      conversations: before.managerA.conversations + 1,
    });
    expect(await unread(s.methodist!)).toEqual(before.methodist);

    const reply = (await post(s.managerA!, course.id, cast.territory.id, 'Ответ')).json();
    expect(await unread(s.managerA!)).toEqual(before.managerA);
    expect((await unread(s.managerA2!)).messages).toBe(before.managerA2.messages + 3);
    expect((await unread(s.methodist!)).messages).toBe(before.methodist.messages + 1);
    expect((await get(s.methodist!, `/conversations/${id}`)).json().unreadCount).toBe(1);

    const read = await t.request(s.managerA2!, { method: 'POST', url: `/api/v1/conversations/${id}/read` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual(before.managerA2);
    const audit = await auditOf('conversation.read', id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: cast.users.managerA2.id });
    expect(audit[0]!.after).toEqual({ lastReadMessageId: Number(reply.id) });
    // Nothing new to read: no change, no audit row.
    await t.request(s.managerA2!, { method: 'POST', url: `/api/v1/conversations/${id}/read` });
    expect(await auditOf('conversation.read', id)).toHaveLength(1);
    expect((await get(s.managerA2!, `/conversations/${id}`)).json().unreadCount).toBe(0);
  });
});

describe('posting', () => {
  // Together: on PGlite (one connection) the two posts' transactions follow one another, so this
  // checks the outcome only; they may overlap on PostgreSQL, where nothing here asserts that they did.
  it('creates the thread once when two first messages arrive together', async () => {
    const course = await published();
    const [a, b] = await Promise.all([
      post(s.methodist!, course.id, cast.territory.id, 'Первое сообщение'),
      post(s.managerA!, course.id, cast.territory.id, 'Тоже первое'),
    ]);
    expect([a.statusCode, b.statusCode], `${a.body} ${b.body}`).toEqual([201, 201]);
    expect(a.json().conversationId).toBe(b.json().conversationId);
    const rows = await t.db
      .selectFrom('conversations')
      .where('courseId', '=', course.id)
      .selectAll()
      .execute();
    expect(rows).toHaveLength(1);
    const thread = (await get(s.headA!, `/conversations/${rows[0]!.id}`)).json();
    expect(thread.messages.map((m: { body: string }) => m.body).sort()).toEqual([
      'Первое сообщение',
      'Тоже первое',
    ]);
  });

  it('refuses an empty, overlong or unprintable body and changes nothing', async () => {
    const course = await published();
    const audits = async () =>
      (await t.db.selectFrom('auditEvents').where('action', 'like', 'conversation.%').select('id').execute())
        .length;
    const before = await audits();
    for (const [body, message] of [
      ['', 'Напишите сообщение'],
      ['  \n ', 'Напишите сообщение'],
      ['я'.repeat(4001), 'Не длиннее 4000 символов'],
      ['нуль\u0000', 'Уберите непечатаемые символы'],
      [42, /ожидалось string/],
    ] as const) {
      const res = await post(s.methodist!, course.id, cast.territory.id, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0].field).toBe('body');
      expect(res.json().errors[0].message).toMatch(message);
    }
    const extra = await t.request(s.methodist!, {
      method: 'POST',
      url: `${base(course.id, cast.territory.id)}/messages`,
      payload: { body: 'Текст', urgent: true },
    });
    expect(extra.json().errors).toEqual([{ field: 'urgent', message: 'Неизвестное поле' }]);
    expect(await t.db.selectFrom('conversations').where('courseId', '=', course.id).execute()).toEqual([]);
    expect(await audits()).toBe(before);
    const longest = await post(s.methodist!, course.id, cast.territory.id, 'я'.repeat(4000));
    expect(longest.statusCode).toBe(201);
  });

  it('is closed for an archived course, whose thread stays readable', async () => {
    const course = await published();
    const { conversationId } = (await post(s.methodist!, course.id, cast.territory.id, 'До архива')).json();
    await t.db.updateTable('courses').set({ status: 'archived' }).where('id', '=', course.id).execute();
    const res = await post(s.managerA!, course.id, cast.territory.id, 'После архива');
    expect(res.statusCode).toBe(409);
    const thread = (await get(s.managerA!, `/conversations/${conversationId}`)).json();
    expect(thread).toMatchObject({ canPost: false, messages: [{ body: 'До архива' }] });
  });

  it('pages a long thread from the newest back', async () => {
    const course = await published();
    for (let i = 1; i <= 5; i++) await post(s.methodist!, course.id, cast.territory.id, `Сообщение ${i}`);
    const url = `/courses/${course.id}/conversations/${cast.territory.id}`;
    const last = (await get(s.managerA!, `${url}?limit=2`)).json();
    expect(last.messages.map((m: { body: string }) => m.body)).toEqual(['Сообщение 4', 'Сообщение 5']);
    expect(last.hasEarlier).toBe(true);
    const earlier = (await get(s.managerA!, `${url}?limit=3&before=${last.messages[0].id}`)).json();
    expect(earlier.messages.map((m: { body: string }) => m.body)).toEqual([
      'Сообщение 1',
      'Сообщение 2',
      'Сообщение 3',
    ]);
    expect(earlier.hasEarlier).toBe(false);
  });

  it('notifies the other side’s active accounts: the responsible manager and staff who wrote, or the methodists', async () => {
    const course = await published(cast.users.managerA.id);
    const first = (await post(s.methodist!, course.id, cast.territory.id, 'Вопрос по группе')).json();
    const id = first.conversationId as string;
    expect(await notices(id)).toEqual([
      {
        userId: cast.users.managerA.id,
        kind: 'conversation_message',
        title: `Новое сообщение по курсу «${course.program.title}», ${cast.territory.name}`,
        body: 'Вопрос по группе',
        link: `/conversations/${id}`,
      },
    ]);
    await post(s.managerA2!, course.id, cast.territory.id, 'x'.repeat(300));
    const toMethodists = (await notices(id)).slice(1);
    // The blocked methodist and the other territory's hear nothing.
    expect(toMethodists.map((n) => n.userId)).toEqual([cast.users.methodist.id]);
    expect(toMethodists[0]!.body).toBe(`${'x'.repeat(199)}…`);
    expect(toMethodists.map((n) => n.userId)).not.toContain(blockedMethodistId);
    expect(toMethodists.map((n) => n.userId)).not.toContain(otherMethodistId);
    await post(s.methodist!, course.id, cast.territory.id, 'Спасибо!');
    const toStaff = (await notices(id)).slice(2).map((n) => n.userId);
    expect(toStaff.sort((a, b) => a - b)).toEqual(
      [cast.users.managerA.id, cast.users.managerA2.id].sort((a, b) => a - b),
    );

    // No responsible manager and nobody of the department wrote yet: every manager and the head.
    const unassigned = await buildCourse(t.db, {
      departmentId: cast.deptA.id,
      status: 'published',
      managerId: null,
    });
    const other = (await post(s.methodist!, unassigned.id, cast.territory.id, 'Кто ведёт курс?')).json();
    const everyone = (await notices(other.conversationId)).map((n) => n.userId).sort((a, b) => a - b);
    expect(everyone).toEqual(
      [cast.users.headA.id, cast.users.managerA.id, cast.users.managerA2.id].sort((a, b) => a - b),
    );
  });
});

it('keeps a territory without a methodist reachable for the department', async () => {
  const territory = await buildTerritory(t.db);
  const course = await published();
  const res = await post(s.headA!, course.id, territory.id, 'Есть ли у вас желающие?');
  expect(res.statusCode).toBe(201);
  expect(await notices(res.json().conversationId)).toEqual([]);
});
