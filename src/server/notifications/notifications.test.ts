import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { buildUser } from '../../../test/factories.js';
import { type Notice, notify } from './notify.js';

const t = await testApp();

const notice = (n: number, over: Partial<Notice> = {}): Notice => ({
  kind: 'application.forwarded',
  title: `Заявка № ${n} передана поставщику`,
  body: `Методист передал вашу заявку № ${n} на курс «Смысловое чтение» поставщику.`,
  link: `/applications/${n}`,
  entityType: 'application',
  entityId: n,
  ...over,
});

const notificationsOf = (userId: number) =>
  t.db.selectFrom('notifications').selectAll().where('userId', '=', userId).orderBy('id').execute();
const outboxOf = (address: string) =>
  t.db.selectFrom('outboxEmails').selectAll().where('toAddress', '=', address).orderBy('id').execute();
const auditOf = (action: string, actorId: number) =>
  t.db
    .selectFrom('auditEvents')
    .selectAll()
    .where('action', '=', action)
    .where('actorId', '=', actorId)
    .orderBy('id')
    .execute();

describe('notify', () => {
  it('writes a notification for each user once and queues e-mail only to active users with an address', async () => {
    const withMail = await buildUser(t.db);
    const noMail = await buildUser(t.db);
    await t.db.updateTable('users').set({ email: null }).where('id', '=', noMail.id).execute();
    const blocked = await buildUser(t.db, { blocked: true });

    await t.db.transaction().execute(async (trx) => {
      await notify(trx, t.clock(), [withMail.id, noMail.id, blocked.id, withMail.id], notice(15));
    });

    for (const user of [withMail, noMail, blocked]) {
      const rows = await notificationsOf(user.id);
      expect(rows).toEqual([
        {
          id: expect.any(Number),
          userId: user.id,
          at: t.clock(),
          kind: 'application.forwarded',
          title: 'Заявка № 15 передана поставщику',
          body: 'Методист передал вашу заявку № 15 на курс «Смысловое чтение» поставщику.',
          link: '/applications/15',
          entityType: 'application',
          entityId: '15',
          readAt: null,
        },
      ]);
    }
    const [notification] = await notificationsOf(withMail.id);
    expect(await outboxOf(withMail.email as string)).toEqual([
      {
        id: expect.any(Number),
        notificationId: notification?.id,
        toAddress: withMail.email,
        subject: 'Заявка № 15 передана поставщику',
        body:
          'Здравствуйте, Мария Петровна!\n\n' +
          'Методист передал вашу заявку № 15 на курс «Смысловое чтение» поставщику.',
        createdAt: t.clock(),
        sentAt: null,
        attempts: 0,
        lastError: null,
        nextAttemptAt: t.clock(),
        claimedUntil: null,
      },
    ]);
    expect(await outboxOf(blocked.email as string)).toEqual([]);
    const total = await t.db
      .selectFrom('outboxEmails')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('notificationId', 'in', [
        ...(await notificationsOf(noMail.id)).map((n) => n.id),
        ...(await notificationsOf(blocked.id)).map((n) => n.id),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(0);
  });

  it('does nothing for nobody, and ignores ids of no user', async () => {
    const before = await t.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await notify(t.db, t.clock(), [], notice(1));
    await notify(t.db, t.clock(), [2_000_000_000], notice(1));
    const after = await t.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('is part of the caller’s transaction: rolled back with it', async () => {
    const user = await buildUser(t.db);
    await expect(
      t.db.transaction().execute(async (trx) => {
        await notify(trx, t.clock(), [user.id], notice(3));
        throw new Error('откат');
      }),
    ).rejects.toThrow('откат');
    expect(await notificationsOf(user.id)).toEqual([]);
    expect(await outboxOf(user.email as string)).toEqual([]);
  });

  it('refuses a link to another site', async () => {
    const user = await buildUser(t.db);
    await expect(notify(t.db, t.clock(), [user.id], notice(4, { link: '//evil.example' }))).rejects.toThrow();
    await expect(
      notify(t.db, t.clock(), [user.id], notice(4, { link: 'https://evil.example' })),
    ).rejects.toThrow();
  });
});

describe('a person’s notifications', () => {
  let anna: { id: number; session: Session };
  let boris: { id: number; session: Session };
  let annaIds: number[];

  beforeAll(async () => {
    const a = await buildUser(t.db);
    const b = await buildUser(t.db);
    anna = { id: a.id, session: await t.login(a.login) };
    boris = { id: b.id, session: await t.login(b.login) };
    for (const n of [1, 2, 3]) {
      t.clock.advance(1000);
      await notify(t.db, t.clock(), [a.id], notice(n));
    }
    await notify(t.db, t.clock(), [b.id], notice(9));
    annaIds = (await notificationsOf(a.id)).map((n) => n.id);
  });

  it('lists only one’s own, newest first, with the unread count', async () => {
    const res = await t.request(anna.session, { method: 'GET', url: '/api/v1/notifications' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.unread).toBe(3);
    expect(body.items.map((n: { title: string }) => n.title)).toEqual([
      'Заявка № 3 передана поставщику',
      'Заявка № 2 передана поставщику',
      'Заявка № 1 передана поставщику',
    ]);
    expect(body.items[0]).toEqual({
      id: String(annaIds[2]),
      at: expect.any(String),
      kind: 'application.forwarded',
      title: 'Заявка № 3 передана поставщику',
      body: expect.stringContaining('№ 3'),
      link: '/applications/3',
      entityType: 'application',
      entityId: '3',
      readAt: null,
    });
    const paged = await t.request(anna.session, {
      method: 'GET',
      url: '/api/v1/notifications?limit=1&offset=1',
    });
    expect(paged.json()).toMatchObject({ total: 3, unread: 3, items: [{ id: String(annaIds[1]) }] });
    const count = await t.request(anna.session, { method: 'GET', url: '/api/v1/notifications/unread-count' });
    expect(count.json()).toEqual({ unread: 3 });
  });

  it('marks one read (audited once), and refuses another person’s as not found', async () => {
    const id = annaIds[0] as number;
    const foreign = await t.request(boris.session, {
      method: 'POST',
      url: `/api/v1/notifications/${id}/read`,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    expect((await notificationsOf(anna.id))[0]?.readAt).toBeNull();

    const res = await t.request(anna.session, { method: 'POST', url: `/api/v1/notifications/${id}/read` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: String(id), readAt: t.clock().toISOString() });
    // Again: nothing changes, no second audit row.
    const again = await t.request(anna.session, { method: 'POST', url: `/api/v1/notifications/${id}/read` });
    expect(again.statusCode).toBe(200);
    expect(await auditOf('notification.read', anna.id)).toMatchObject([
      { entityType: 'notification', entityId: String(id), before: { readAt: null } },
    ]);
    expect(await auditOf('notification.read', boris.id)).toEqual([]);

    const missing = await t.request(anna.session, {
      method: 'POST',
      url: '/api/v1/notifications/999999999/read',
    });
    expect(missing.statusCode).toBe(404);

    const unread = await t.request(anna.session, { method: 'GET', url: '/api/v1/notifications?unread=true' });
    expect(unread.json()).toMatchObject({ total: 2, unread: 2 });
    const count = await t.request(anna.session, { method: 'GET', url: '/api/v1/notifications/unread-count' });
    expect(count.json()).toEqual({ unread: 2 });
  });

  it('marks all read up to the newest seen, with one audit row holding the count', async () => {
    // A notification arrives after the person opened the bell: `upToId` leaves it unread.
    await notify(t.db, t.clock(), [anna.id], notice(4));
    const res = await t.request(anna.session, {
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      payload: { upToId: String(annaIds[2]) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ marked: 2, unread: 1 });
    const all = await t.request(anna.session, { method: 'POST', url: '/api/v1/notifications/read-all' });
    expect(all.json()).toEqual({ marked: 1, unread: 0 });
    const none = await t.request(anna.session, { method: 'POST', url: '/api/v1/notifications/read-all' });
    expect(none.json()).toEqual({ marked: 0, unread: 0 });
    expect(
      (await auditOf('notification.read_all', anna.id)).map((a) => [a.entityType, a.entityId, a.after]),
    ).toEqual([
      ['user', String(anna.id), { count: 2 }],
      ['user', String(anna.id), { count: 1 }],
    ]);
    // Boris's stays unread.
    const count = await t.request(boris.session, {
      method: 'GET',
      url: '/api/v1/notifications/unread-count',
    });
    expect(count.json()).toEqual({ unread: 1 });
  });

  it('needs a session, and the CSRF token to mark read', async () => {
    expect(
      (await t.request(null, { method: 'GET', url: '/api/v1/notifications/unread-count' })).statusCode,
    ).toBe(401);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      headers: { cookie: boris.session.cookie },
    });
    expect(forged.statusCode).toBe(403);
    const count = await t.request(boris.session, {
      method: 'GET',
      url: '/api/v1/notifications/unread-count',
    });
    expect(count.json()).toEqual({ unread: 1 });
  });
});

describe('the outbox', () => {
  it('is listed for the operator only, with each e-mail’s state and text as sent', async () => {
    const teacher = await buildUser(t.db);
    const operator = await t.login((await buildUser(t.db, { roles: [{ role: 'operator' }] })).login);
    await notify(t.db, t.clock(), [teacher.id], notice(21));

    const refused = await t.request(await t.login(teacher.login), { method: 'GET', url: '/api/v1/outbox' });
    expect(refused.statusCode).toBe(403);

    const res = await t.request(operator, {
      method: 'GET',
      url: `/api/v1/outbox?q=${encodeURIComponent(teacher.email as string)}`,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.smtpConfigured).toBe(false);
    expect(body.total).toBe(1);
    expect(body.items[0]).toEqual({
      id: expect.any(String),
      notificationId: expect.any(String),
      to: teacher.email,
      subject: 'Заявка № 21 передана поставщику',
      body: expect.stringMatching(/^Здравствуйте, Мария Петровна!\n\nМетодист .*\n\n-- \nЕБППК/s),
      createdAt: t.clock().toISOString(),
      sentAt: null,
      attempts: 0,
      lastError: null,
      nextAttemptAt: t.clock().toISOString(),
      status: 'pending',
    });
    const sent = await t.request(operator, { method: 'GET', url: '/api/v1/outbox?status=sent' });
    expect(sent.json().items).toEqual([]);
  });
});
