// Factories: each builds a row with realistic defaults and creates the parents it needs.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApplicationStatus } from '../src/contract/applications.js';
import { foldCounts } from '../src/server/applications/queries.js';
import { hashPassword } from '../src/server/auth/passwords.js';
import { refreshSearchVectors } from '../src/server/catalog/search.js';
import { shiftDate } from '../src/server/clock.js';
import type { AttendanceMark, DB, Role, TeacherProfilesTable } from '../src/server/db/schema.js';
import { notify } from '../src/server/notifications/notify.js';
import { recordClosedPeriod } from '../src/server/reports/service.js';
import { summaryFacts, summaryTeachers } from '../src/server/reports/summary.js';
import { TEST_NOW } from './app.js';

export const TEST_PASSWORD = 'Пароль-2026';
let counter = 0;
const seq = () => ++counter + Math.floor(Math.random() * 1e6) * 1000;
let passwordHash: Promise<string> | undefined;
const now = () => TEST_NOW;

export async function buildTerritory(db: Kysely<DB>, over: { name?: string } = {}) {
  return db
    .insertInto('territories')
    .values({
      name: over.name ?? `Тестовый муниципальный округ ${seq()}`,
      kind: 'municipal_okrug',
      createdAt: now(),
      updatedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildOrganization(db: Kysely<DB>, over: { territoryId?: number; name?: string } = {}) {
  const territoryId = over.territoryId ?? (await buildTerritory(db)).id;
  return db
    .insertInto('organizations')
    .values({
      territoryId,
      name: over.name ?? `МАОУ «Средняя школа № ${seq()}»`,
      createdAt: now(),
      updatedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildProvider(db: Kysely<DB>, over: { name?: string } = {}) {
  return db
    .insertInto('providers')
    .values({
      name: over.name ?? `Поставщик ${seq()}`,
      licenseNumber: `59Л01 ${seq()}`,
      licenseDate: '2016-03-01',
      createdAt: now(),
      updatedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildDepartment(db: Kysely<DB>, over: { providerId?: number; name?: string } = {}) {
  const providerId = over.providerId ?? (await buildProvider(db)).id;
  return db
    .insertInto('departments')
    .values({ providerId, name: over.name ?? `Отдел ${seq()}`, createdAt: now(), updatedAt: now() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type RoleSpec =
  | { role: 'operator' | 'teacher' }
  | { role: 'provider_admin'; providerId: number }
  | { role: 'head' | 'manager'; departmentId: number }
  | { role: 'methodist'; territoryId: number };

export async function buildUser(
  db: Kysely<DB>,
  over: {
    login?: string;
    roles?: RoleSpec[];
    organizationId?: number;
    lastName?: string;
    mustChangePassword?: boolean;
    blocked?: boolean;
    /** The address not yet confirmed (as right after sign-up). */
    emailUnconfirmed?: boolean;
    /** Written as a release before confirmed e-mails (migration 0016) wrote it. */
    beforeEmailConfirmation?: boolean;
    /** A teacher's personal data for documents (none by default, as after sign-up). */
    profile?: TeacherPersonalData;
  } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const n = seq();
  const user = await db
    .insertInto('users')
    .values({
      login: over.login ?? `user${n}@example.ru`,
      email: over.login ?? `user${n}@example.ru`,
      // A schema before 0016 has no such column.
      ...(over.beforeEmailConfirmation ? {} : { emailConfirmedAt: over.emailUnconfirmed ? null : now() }),
      passwordHash: await passwordHash,
      lastName: over.lastName ?? 'Иванова',
      firstName: 'Мария',
      middleName: 'Петровна',
      mustChangePassword: over.mustChangePassword ?? false,
      blockedAt: over.blocked ? now() : null,
      passwordChangedAt: now(),
      createdAt: now(),
      updatedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const roles = over.roles ?? [{ role: 'teacher' }];
  for (const spec of roles) {
    await db
      .insertInto('userRoles')
      .values({
        userId: user.id,
        role: spec.role as Role,
        territoryId: 'territoryId' in spec ? spec.territoryId : null,
        providerId: 'providerId' in spec ? spec.providerId : null,
        departmentId: 'departmentId' in spec ? spec.departmentId : null,
      })
      .execute();
    if (spec.role === 'teacher') {
      const organizationId = over.organizationId ?? (await buildOrganization(db)).id;
      await db
        .insertInto('teacherProfiles')
        .values({
          userId: user.id,
          organizationId,
          position: 'учитель',
          subject: 'математика',
          personalDataConsentAt: now(),
          createdAt: now(),
          updatedAt: now(),
          ...over.profile,
        })
        .execute();
    }
  }
  return user;
}

export type TeacherPersonalData = Partial<
  Pick<
    TeacherProfilesTable,
    'birthDate' | 'sex' | 'snils' | 'educationLevel' | 'diplomaSurname' | 'diplomaSeries' | 'diplomaNumber'
  >
>;

/** Every personal field a document needs, filled (СНИЛС 123-456-789 64). */
export const FULL_PERSONAL_DATA: TeacherPersonalData = {
  birthDate: '1984-03-17',
  sex: 'female',
  snils: '12345678964',
  educationLevel: 'higher',
  diplomaSurname: 'Смирнова',
  diplomaSeries: '105924',
  diplomaNumber: '0123456',
};

export async function buildPosition(db: Kysely<DB>, over: { name?: string; sortOrder?: number } = {}) {
  return db
    .insertInto('positions')
    .values({ name: over.name ?? `Должность ${seq()}`, sortOrder: over.sortOrder ?? 100_000 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A signed-in user for each role a directory test needs to tell apart, with their scopes. */
export async function buildDirectoryCast(db: Kysely<DB>) {
  const territory = await buildTerritory(db);
  const provider = await buildProvider(db);
  const department = await buildDepartment(db, { providerId: provider.id });
  const otherProvider = await buildProvider(db);
  const otherDepartment = await buildDepartment(db, { providerId: otherProvider.id });
  const user = (roles: RoleSpec[]) => buildUser(db, { roles }).then((u) => u.login);
  return {
    territory,
    provider,
    department,
    otherProvider,
    otherDepartment,
    logins: {
      operator: await user([{ role: 'operator' }]),
      teacher: await user([{ role: 'teacher' }]),
      methodist: await user([{ role: 'methodist', territoryId: territory.id }]),
      manager: await user([{ role: 'manager', departmentId: department.id }]),
      head: await user([{ role: 'head', departmentId: department.id }]),
      providerAdmin: await user([{ role: 'provider_admin', providerId: provider.id }]),
    },
  };
}

/**
 * The account-management cast: provider X with departments A and B, provider Y with department C,
 * and an account at each level (operator, provider admins, heads, managers, a methodist, a teacher).
 */
export async function buildAccountsCast(db: Kysely<DB>) {
  const territory = await buildTerritory(db);
  const providerX = await buildProvider(db);
  const providerY = await buildProvider(db);
  const deptA = await buildDepartment(db, { providerId: providerX.id });
  const deptB = await buildDepartment(db, { providerId: providerX.id });
  const deptC = await buildDepartment(db, { providerId: providerY.id });
  const user = (roles: RoleSpec[], lastName?: string) =>
    buildUser(db, { roles, ...(lastName ? { lastName } : {}) });
  return {
    territory,
    providerX,
    providerY,
    deptA,
    deptB,
    deptC,
    users: {
      operator: await user([{ role: 'operator' }], 'Операторова'),
      adminX: await user([{ role: 'provider_admin', providerId: providerX.id }], 'Админова'),
      adminY: await user([{ role: 'provider_admin', providerId: providerY.id }], 'Админова'),
      headA: await user([{ role: 'head', departmentId: deptA.id }], 'Начальникова'),
      headB: await user([{ role: 'head', departmentId: deptB.id }], 'Начальникова'),
      headC: await user([{ role: 'head', departmentId: deptC.id }], 'Начальникова'),
      managerA: await user([{ role: 'manager', departmentId: deptA.id }], 'Курсова'),
      managerB: await user([{ role: 'manager', departmentId: deptB.id }], 'Курсова'),
      managerC: await user([{ role: 'manager', departmentId: deptC.id }], 'Курсова'),
      methodist: await user([{ role: 'methodist', territoryId: territory.id }], 'Методистова'),
      teacher: await user([{ role: 'teacher' }], 'Учителева'),
    },
  };
}

/**
 * One row or more in every table of the schema, each role included: what a backup must carry.
 * Returns the users by role.
 */
export async function fillEveryTable(db: Kysely<DB>) {
  const territory = await buildTerritory(db);
  const organization = await buildOrganization(db, { territoryId: territory.id });
  const provider = await buildProvider(db);
  const department = await buildDepartment(db, { providerId: provider.id });
  const users = {
    operator: await buildUser(db, { roles: [{ role: 'operator' }] }),
    providerAdmin: await buildUser(db, { roles: [{ role: 'provider_admin', providerId: provider.id }] }),
    head: await buildUser(db, { roles: [{ role: 'head', departmentId: department.id }] }),
    manager: await buildUser(db, {
      roles: [{ role: 'manager', departmentId: department.id }],
      blocked: true,
    }),
    methodist: await buildUser(db, { roles: [{ role: 'methodist', territoryId: territory.id }] }),
    teacher: await buildUser(db, {
      organizationId: organization.id,
      lastName: 'Ёлкина',
      profile: FULL_PERSONAL_DATA,
    }),
  };
  await db
    .insertInto('sessions')
    .values({
      id: `session-${seq()}`,
      userId: users.teacher.id,
      csrfToken: `csrf-${seq()}`,
      createdAt: now(),
      expiresAt: new Date(now().getTime() + 3600_000),
      revokedAt: null,
      ip: '192.0.2.7',
      userAgent: 'Mozilla/5.0',
    })
    .execute();
  await db
    .insertInto('auditEvents')
    .values([
      {
        at: now(),
        actorId: users.operator.id,
        action: 'directory.organization_updated',
        entityType: 'organization',
        entityId: String(organization.id),
        before: JSON.stringify({ name: 'Старое «имя»' }),
        after: JSON.stringify({ name: organization.name, list: [1, null, true] }),
        login: users.operator.login,
        ip: '192.0.2.1',
      },
      {
        at: now(),
        actorId: null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: null,
        before: null,
        after: JSON.stringify({ reason: 'unknown_login' }),
        login: 'nobody@example.ru',
        ip: '192.0.2.2',
      },
    ])
    .execute();
  // The catalog: a program with a target position and a file; a published course with a schedule,
  // a quota, a file, its history and a finished twin with a program snapshot; a job.
  const position = await buildPosition(db);
  const program = await buildProgram(db, {
    departmentId: department.id,
    positionIds: [position.id],
    subjects: ['математика', 'физика'],
  });
  const course = await buildCourse(db, {
    programId: program.id,
    status: 'published',
    managerId: users.head.id,
    quotas: [{ territoryId: territory.id, places: 5 }],
    quotaReleaseOn: '2026-12-01',
  });
  await db
    .updateTable('courses')
    .set({ programSnapshot: JSON.stringify({ title: program.title, subjects: ['математика'] }) })
    .where('id', '=', (await buildCourse(db, { programId: program.id, status: 'finished' })).id)
    .execute();
  await db
    .insertInto('courseHistory')
    .values({
      courseId: course.id,
      fromStatus: 'draft',
      toStatus: 'published',
      action: 'publish',
      byId: users.head.id,
      at: now(),
      reason: null,
    })
    .execute();
  await buildFile(db, { courseId: course.id }, { name: 'Расписание «осень».pdf' });
  await buildFile(db, { programId: program.id });
  await db
    .insertInto('jobs')
    .values({
      id: `test@${seq()}`,
      kind: 'test.job',
      payload: JSON.stringify({ n: 1 }),
      runAt: now(),
      createdAt: now(),
    })
    .execute();
  // An application waiting in the reserve, with its history.
  await buildApplication(db, { courseId: course.id, teacherId: users.teacher.id, status: 'waitlisted' });
  // The baskets' kept counts: this application's delta folded into the totals, the later ones left as deltas.
  await foldCounts(db);
  // A running course: its first day confirmed (one excused absence), a group, CPD before the Bank.
  await db.updateTable('departments').set({ code: 'ОП' }).where('id', '=', department.id).execute();
  const running = await buildCourse(db, { programId: program.id, status: 'running' });
  const learners = [
    await buildApplication(db, { courseId: running.id, territoryId: territory.id, status: 'forwarded' }),
    await buildApplication(db, { courseId: running.id, territoryId: territory.id, status: 'forwarded' }),
  ];
  await buildMarks(db, {
    courseId: running.id,
    day: running.startsOn,
    by: users.head.id,
    confirmed: true,
    marks: [
      { applicationId: learners[0]?.id ?? 0, mark: 'present' },
      { applicationId: learners[1]?.id ?? 0, mark: 'excused', reason: 'Больничный «лист» №7' },
    ],
  });
  await buildGroup(db, { courseId: running.id, applicationIds: [learners[0]?.id ?? 0], number: 'ОП-2026-1' });
  await buildExternalCpd(db, { teacherId: users.teacher.id, addedBy: users.methodist.id });
  // Documents: the teacher completed a finished course; her first certificate was revoked and
  // reissued (the new one points back to it), numbered from the provider's counter.
  const finished = await buildCourse(db, { programId: program.id, status: 'finished' });
  const completed = await buildApplication(db, {
    courseId: finished.id,
    teacherId: users.teacher.id,
    status: 'forwarded',
  });
  await buildGroup(db, { courseId: finished.id, applicationIds: [completed.id], number: 'ОП-2026-2' });
  await db.updateTable('applications').set({ status: 'completed' }).where('id', '=', completed.id).execute();
  await db
    .updateTable('providers')
    .set({
      blankSeries: '59ПК',
      signatories: JSON.stringify([{ name: 'Т. В. Кузнецова', position: 'Ректор' }]),
    })
    .where('id', '=', provider.id)
    .execute();
  await db
    .insertInto('certificateCounters')
    .values({ providerId: provider.id, year: 2026, lastSequence: 2 })
    .execute();
  const certificate = (sequence: number, replacesId: number | null) => ({
    applicationId: completed.id,
    courseId: finished.id,
    departmentId: department.id,
    providerId: provider.id,
    teacherId: users.teacher.id,
    kind: 'certificate' as const,
    year: 2026,
    sequence,
    registrationNumber: `2026-${String(sequence).padStart(5, '0')}`,
    blankSeries: '59ПК',
    blankNumber: `26${String(sequence).padStart(5, '0')}`,
    issuedOn: '2026-11-25',
    snapshot: JSON.stringify({
      holder: { lastName: 'Ёлкина', firstName: 'Мария', middleName: null },
      signatories: [],
    }),
    issuedBy: users.head.id,
    issuedAt: now(),
    replacesId,
  });
  const first = await db
    .insertInto('certificates')
    .values({
      ...certificate(1, null),
      revokedAt: now(),
      revokedBy: users.head.id,
      revokeReason: 'Ошибка «в дате»',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('certificates').values(certificate(2, first.id)).execute();
  // The provider's own copy of the registry's template (bytes that must survive the round trip).
  await db
    .insertInto('frdoTemplates')
    .values({
      providerId: provider.id,
      name: 'Шаблон ФИС ФРДО.xlsx',
      content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]),
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      uploadedBy: users.operator.id,
      uploadedAt: now(),
    })
    .execute();
  // Notifications: the teacher's (with an e-mail in the outbox, sent) and the blocked manager's
  // (no e-mail), one of them read.
  await notify(db, now(), [users.teacher.id, users.manager.id], {
    kind: 'test.notice',
    title: 'Заявка «Смысловое чтение» передана поставщику',
    body: 'Методист передал вашу заявку поставщику курсов.',
    link: '/cabinet',
    entityType: 'course',
    entityId: course.id,
  });
  await db
    .updateTable('notifications')
    .set({ readAt: now() })
    .where('userId', '=', users.manager.id)
    .execute();
  await db
    .updateTable('outboxEmails')
    .set({ sentAt: now(), attempts: 2, lastError: null, nextAttemptAt: null })
    .where('toAddress', '=', users.teacher.email ?? '')
    .execute();
  // The methodist's choice of e-mail for a group of notices and her daily letter of a day.
  await db
    .insertInto('notificationSettings')
    .values({
      userId: users.methodist.id,
      setting: 'methodist.provider_decision',
      email: false,
      updatedAt: now(),
    })
    .execute();
  await db
    .insertInto('notificationDigests')
    .values({ userId: users.methodist.id, day: '2026-11-25', items: 3, sentAt: now() })
    .execute();
  // A conversation between the department and the territory about the course, read by the head.
  await buildConversation(db, {
    courseId: course.id,
    territoryId: territory.id,
    messages: [
      { authorId: users.methodist.id, body: 'Добрый день! Сколько мест осталось для нашей территории?' },
      { authorId: users.head.id, body: 'Пять мест по квоте,\nзаявки принимаем до пятницы.' },
    ],
    readBy: [users.head.id],
  });
  // A used recovery link of the teacher's and a confirmation link not yet followed.
  await db
    .insertInto('accountTokens')
    .values([
      {
        userId: users.teacher.id,
        purpose: 'recovery',
        tokenHash: `hash-${seq()}`,
        email: users.teacher.email ?? '',
        createdAt: now(),
        expiresAt: new Date(now().getTime() + 3600_000),
        usedAt: now(),
      },
      {
        userId: users.teacher.id,
        purpose: 'email_confirm',
        tokenHash: `hash-${seq()}`,
        email: users.teacher.email ?? '',
        createdAt: now(),
        expiresAt: new Date(now().getTime() + 86_400_000),
        usedAt: null,
      },
    ])
    .execute();
  // A closed reporting period over the courses above: its snapshot of facts and teachers.
  await recordClosedPeriod(db, now(), {
    name: `Декабрь 2026 ${seq()}`,
    kind: 'month',
    startsOn: '2026-12-01',
    endsOn: '2026-12-31',
  });
  // The month tables of the summary by territory as an open period's summary counts them, and a
  // month of each marked stale again (a change not counted yet).
  const operator = {
    userId: users.operator.id,
    login: users.operator.login,
    grants: [{ role: 'operator' as const, territoryId: null, providerId: null, departmentId: null }],
    mustChangePassword: false,
    sessionId: '',
    csrfToken: '',
  };
  await summaryFacts(db, operator, '2026-12-01', '2026-12-31');
  await summaryTeachers(db, operator, '2023-11-25');
  await db.insertInto('summaryFactsStale').values({ month: '2026-12-01' }).execute();
  await db.insertInto('summaryTeachersStale').values({ month: '2026-12-01' }).execute();
  // The methodist's import of teachers, applied.
  await db
    .insertInto('imports')
    .values({
      id: '00000000-0000-4000-8000-00000000f111',
      createdBy: users.methodist.id,
      fileName: 'педагоги.xlsx',
      state: 'done',
      rows: JSON.stringify([
        { row: 2, sheet: 'Педагоги', kind: 'teacher', name: 'Ёлкина', status: 'existing' },
      ]),
      total: 1,
      errors: 0,
      existing: 1,
      processed: 1,
      result: JSON.stringify({ teachers: 0, organizations: 0, invitations: 0 }),
      failure: null,
      createdAt: now(),
      updatedAt: now(),
    })
    .execute();
  return { territory, organization, provider, department, users };
}

// --- catalog

export async function buildProgram(
  db: Kysely<DB>,
  over: {
    departmentId?: number;
    title?: string;
    annotation?: string;
    hours?: number;
    kind?: 'qualification' | 'retraining';
    form?: 'full_time' | 'mixed' | 'extramural';
    distance?: boolean;
    subjects?: string[];
    positionIds?: number[];
  } = {},
) {
  const departmentId = over.departmentId ?? (await buildDepartment(db)).id;
  const program = await db
    .insertInto('programs')
    .values({
      departmentId,
      title: over.title ?? `Программа повышения квалификации ${seq()}`,
      annotation:
        over.annotation ?? 'Программа для педагогов: современные подходы к организации учебного процесса.',
      hours: over.hours ?? 36,
      kind: over.kind ?? 'qualification',
      form: over.form ?? 'full_time',
      distance: over.distance ?? false,
      subjects: over.subjects ?? [],
      createdBy: null,
      createdAt: now(),
      updatedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (over.positionIds?.length)
    await db
      .insertInto('programPositions')
      .values(over.positionIds.map((positionId) => ({ programId: program.id, positionId })))
      .execute();
  return program;
}

type CourseStatusName = 'draft' | 'published' | 'closed' | 'running' | 'finished' | 'archived' | 'cancelled';

/** The days from one date to another, inclusive, as 'YYYY-MM-DD'. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = shiftDate(d, 1, 'day')) days.push(d);
  return days;
}

/**
 * A course of a program (built when not given), complete enough to publish: by default in draft,
 * three weeks after TEST_NOW, with applications until a week before and a session each day.
 * A course in any later state is marked published at TEST_NOW.
 */
export async function buildCourse(
  db: Kysely<DB>,
  over: {
    programId?: number;
    departmentId?: number;
    status?: CourseStatusName;
    startsOn?: string;
    endsOn?: string;
    applyUntil?: string;
    capacity?: number;
    place?: string;
    distanceUrl?: string | null;
    managerId?: number | null;
    quotaReleaseOn?: string | null;
    schedule?: { date: string; startsAt: string; endsAt: string; topic: string }[];
    quotas?: { territoryId: number; places: number }[];
    funding?: 'budget' | 'paid';
  } = {},
) {
  const program = over.programId
    ? await db.selectFrom('programs').selectAll().where('id', '=', over.programId).executeTakeFirstOrThrow()
    : await buildProgram(db, over.departmentId ? { departmentId: over.departmentId } : {});
  const startsOn = over.startsOn ?? '2026-12-14';
  const endsOn = over.endsOn ?? '2026-12-16';
  const status = over.status ?? 'draft';
  const course = await db
    .insertInto('courses')
    .values({
      programId: program.id,
      departmentId: program.departmentId,
      startsOn,
      endsOn,
      applyUntil: over.applyUntil ?? '2026-12-07',
      capacity: over.capacity ?? 25,
      place: over.place ?? 'г. Пермь, ул. Екатерининская, д. 210',
      distanceUrl: over.distanceUrl ?? null,
      managerId: over.managerId ?? null,
      quotaReleaseOn: over.quotaReleaseOn ?? null,
      ...(over.funding ? { funding: over.funding } : {}),
      status,
      cancelReason: status === 'cancelled' ? 'Недостаточно заявок' : null,
      publishedAt: status === 'draft' || status === 'cancelled' ? null : now(),
      createdBy: null,
      createdAt: now(),
      updatedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const schedule =
    over.schedule ??
    daysBetween(startsOn, endsOn).map((date, i) => ({
      date,
      startsAt: '10:00',
      endsAt: '15:30',
      topic: `Тема ${i + 1}: практикум`,
    }));
  if (schedule.length)
    await db
      .insertInto('scheduleDays')
      .values(schedule.map((d) => ({ courseId: course.id, ...d, room: null, teacher: null })))
      .execute();
  if (over.quotas?.length)
    await db
      .insertInto('courseQuotas')
      .values(over.quotas.map((q) => ({ courseId: course.id, ...q })))
      .execute();
  await refreshSearchVectors(db, { courseIds: [course.id] });
  return { ...course, program };
}

/** A minimal PDF: what an upload of a program or a course's materials looks like. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

export async function buildFile(
  db: Kysely<DB>,
  owner: { courseId: number } | { programId: number },
  over: { name?: string; content?: Buffer } = {},
) {
  const content = over.content ?? PDF_BYTES;
  return db
    .insertInto('files')
    .values({
      courseId: 'courseId' in owner ? owner.courseId : null,
      programId: 'programId' in owner ? owner.programId : null,
      name: over.name ?? 'Учебный план.pdf',
      title: null,
      contentType: 'application/pdf',
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
      uploadedBy: null,
      createdAt: now(),
    })
    .returning(['id', 'name', 'size'])
    .executeTakeFirstOrThrow();
}

/**
 * The catalog cast: the account-management cast plus a second territory and a second manager of
 * department A. Department A is the one under test; B and provider Y are "elsewhere".
 */
export async function buildCatalogCast(db: Kysely<DB>) {
  const cast = await buildAccountsCast(db);
  const otherTerritory = await buildTerritory(db);
  const managerA2 = await buildUser(db, {
    roles: [{ role: 'manager', departmentId: cast.deptA.id }],
    lastName: 'Второва',
  });
  return { ...cast, otherTerritory, users: { ...cast.users, managerA2 } };
}

/** A multipart/form-data body with text fields first and one file: what a browser's upload form sends. */
export function multipartBody(
  fields: Record<string, string>,
  file: { name: string; content: Buffer; field?: string; contentType?: string } | null,
) {
  const boundary = `----ebppk${seq()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

// --- applications

/**
 * An application in the given state (submitted by default) of a teacher (built in an organization
 * of `territoryId` when not given), with the history row that brought it there.
 */
export async function buildApplication(
  db: Kysely<DB>,
  over: { courseId: number; teacherId?: number; territoryId?: number; status?: ApplicationStatus; at?: Date },
) {
  const teacherId =
    over.teacherId ??
    (
      await buildUser(db, {
        organizationId: (
          await buildOrganization(db, over.territoryId ? { territoryId: over.territoryId } : {})
        ).id,
      })
    ).id;
  const profile = await db
    .selectFrom('teacherProfiles as tp')
    .innerJoin('organizations as o', 'o.id', 'tp.organizationId')
    .where('tp.userId', '=', teacherId)
    .select(['tp.organizationId', 'o.territoryId'])
    .executeTakeFirstOrThrow();
  const status = over.status ?? 'submitted';
  const at = over.at ?? now();
  const { departmentId } = await db
    .selectFrom('courses')
    .where('id', '=', over.courseId)
    .select('departmentId')
    .executeTakeFirstOrThrow();
  const application = await db
    .insertInto('applications')
    .values({
      courseId: over.courseId,
      departmentId,
      teacherId,
      territoryId: profile.territoryId,
      organizationId: profile.organizationId,
      status,
      waitlistedAt: status === 'waitlisted' ? at : null,
      reason: ['rejected', 'declined', 'not_completed'].includes(status) ? 'Причина' : null,
      createdBy: teacherId,
      createdAt: at,
      updatedAt: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('applicationHistory')
    .values({
      applicationId: application.id,
      fromStatus: null,
      toStatus: status,
      action: 'apply',
      byId: teacherId,
      at,
      reason: null,
    })
    .execute();
  return application;
}

// --- study: attendance, groups, CPD before the Bank

/** Marks of one schedule day, attributed to `by` (the system when absent). */
export async function buildMarks(
  db: Kysely<DB>,
  over: {
    courseId: number;
    day: string;
    marks: { applicationId: number; mark: AttendanceMark; reason?: string }[];
    by?: number;
    confirmed?: boolean;
  },
) {
  await db
    .insertInto('attendanceMarks')
    .values(
      over.marks.map((m) => ({
        applicationId: m.applicationId,
        courseId: over.courseId,
        day: over.day,
        mark: m.mark,
        reason: m.reason ?? (m.mark === 'excused' ? 'Больничный лист' : null),
        markedBy: over.by ?? null,
        markedAt: now(),
      })),
    )
    .execute();
  if (over.confirmed)
    await db
      .insertInto('attendanceDays')
      .values({ courseId: over.courseId, day: over.day, confirmedBy: over.by ?? null, confirmedAt: now() })
      .execute();
}

/** A group of the course holding the given applications, which become `enrolled` (no history rows). */
export async function buildGroup(
  db: Kysely<DB>,
  over: { courseId: number; applicationIds: number[]; number?: string; year?: number },
) {
  const { providerId, startsOn } = await db
    .selectFrom('courses as c')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where('c.id', '=', over.courseId)
    .select(['d.providerId', 'c.startsOn'])
    .executeTakeFirstOrThrow();
  const group = await db
    .insertInto('studyGroups')
    .values({
      courseId: over.courseId,
      providerId,
      year: over.year ?? Number(startsOn.slice(0, 4)),
      number: over.number ?? `Г-${seq()}`,
      createdBy: null,
      createdAt: now(),
      updatedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (over.applicationIds.length)
    await db
      .updateTable('applications')
      .set({ groupId: group.id, status: 'enrolled' })
      .where('id', 'in', over.applicationIds)
      .execute();
  return group;
}

/** A course completed before the Bank, from the teacher's document. */
export async function buildExternalCpd(
  db: Kysely<DB>,
  over: { teacherId: number; endsOn?: string; hours?: number; addedBy?: number },
) {
  const endsOn = over.endsOn ?? '2025-05-30';
  return db
    .insertInto('externalCpd')
    .values({
      teacherId: over.teacherId,
      programTitle: `Внешняя программа ${seq()}`,
      providerName: 'Институт развития образования',
      hours: over.hours ?? 72,
      startsOn: shiftDate(endsOn, -14, 'day'),
      endsOn,
      documentKind: 'certificate',
      documentSeries: '59',
      documentNumber: String(100000 + seq()),
      issuedOn: endsOn,
      addedBy: over.addedBy ?? null,
      addedAt: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A document issued to a learner of the application's course (revoked when asked), numbered at random. */
export async function buildCertificate(db: Kysely<DB>, over: { applicationId: number; revoked?: boolean }) {
  const a = await db
    .selectFrom('applications as a')
    .innerJoin('departments as d', 'd.id', 'a.departmentId')
    .where('a.id', '=', over.applicationId)
    .select(['a.courseId', 'a.departmentId', 'd.providerId', 'a.teacherId'])
    .executeTakeFirstOrThrow();
  const sequence = seq();
  return db
    .insertInto('certificates')
    .values({
      applicationId: over.applicationId,
      courseId: a.courseId,
      departmentId: a.departmentId,
      providerId: a.providerId,
      teacherId: a.teacherId,
      kind: 'certificate',
      year: 2026,
      sequence,
      registrationNumber: `2026-${sequence}`,
      blankSeries: null,
      blankNumber: String(sequence),
      issuedOn: '2026-11-20',
      snapshot: '{}',
      issuedBy: null,
      issuedAt: now(),
      revokedAt: over.revoked ? now() : null,
      revokeReason: over.revoked ? 'Ошибка в документе' : null,
      revokedBy: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// --- conversations

/**
 * A course × territory thread with its messages (one minute apart from TEST_NOW on), read to the
 * end by `readBy`; its authors have read up to their own last message.
 */
export async function buildConversation(
  db: Kysely<DB>,
  over: {
    courseId: number;
    territoryId: number;
    messages: { authorId: number; body: string }[];
    readBy?: number[];
  },
) {
  const at = (i: number) => new Date(now().getTime() + i * 60_000);
  const conversation = await db
    .insertInto('conversations')
    .values({
      courseId: over.courseId,
      territoryId: over.territoryId,
      createdAt: at(0),
      lastMessageAt: at(Math.max(0, over.messages.length - 1)),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const messages = over.messages.length
    ? await db
        .insertInto('conversationMessages')
        .values(over.messages.map((m, i) => ({ conversationId: conversation.id, ...m, createdAt: at(i) })))
        .returningAll()
        .execute()
    : [];
  const marks = new Map<number, number>();
  for (const m of messages) marks.set(m.authorId, m.id);
  for (const userId of over.readBy ?? []) if (messages.length) marks.set(userId, messages.at(-1)!.id);
  if (marks.size)
    await db
      .insertInto('conversationReads')
      .values(
        [...marks].map(([userId, lastReadMessageId]) => ({
          conversationId: conversation.id,
          userId,
          lastReadMessageId,
          readAt: now(),
        })),
      )
      .execute();
  return { ...conversation, messages };
}
