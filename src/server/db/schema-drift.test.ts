// schema.ts is written by hand; this test keeps it honest. `declared` must list every table and
// column of schema.ts with its nullability (the type checker enforces that), and the test
// compares it with what the migrations actually built.
import type { SelectType } from 'kysely';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import type { DB } from './schema.js';

type Nullability<T> = { [C in keyof T]-?: null extends SelectType<T[C]> ? 'null' : 'not null' };
type Declared = { [T in keyof DB]: Nullability<DB[T]> };

const declared: Declared = {
  territories: {
    id: 'not null',
    name: 'not null',
    kind: 'not null',
    createdAt: 'not null',
    updatedAt: 'not null',
  },
  organizations: {
    id: 'not null',
    territoryId: 'not null',
    name: 'not null',
    shortName: 'null',
    inn: 'null',
    createdAt: 'not null',
    updatedAt: 'not null',
  },
  providers: {
    id: 'not null',
    name: 'not null',
    shortName: 'null',
    licenseNumber: 'not null',
    licenseDate: 'not null',
    address: 'null',
    createdAt: 'not null',
    updatedAt: 'not null',
  },
  departments: {
    id: 'not null',
    providerId: 'not null',
    name: 'not null',
    createdAt: 'not null',
    updatedAt: 'not null',
  },
  positions: { id: 'not null', name: 'not null', sortOrder: 'not null' },
  users: {
    id: 'not null',
    login: 'not null',
    passwordHash: 'not null',
    lastName: 'not null',
    firstName: 'not null',
    middleName: 'null',
    email: 'null',
    mustChangePassword: 'not null',
    blockedAt: 'null',
    passwordChangedAt: 'not null',
    createdAt: 'not null',
    updatedAt: 'not null',
  },
  userRoles: {
    id: 'not null',
    userId: 'not null',
    role: 'not null',
    territoryId: 'null',
    providerId: 'null',
    departmentId: 'null',
  },
  teacherProfiles: {
    userId: 'not null',
    organizationId: 'not null',
    position: 'not null',
    subject: 'null',
    personalDataConsentAt: 'not null',
    createdAt: 'not null',
    updatedAt: 'not null',
    birthDate: 'null',
    sex: 'null',
    snils: 'null',
    educationLevel: 'null',
    diplomaSurname: 'null',
    diplomaSeries: 'null',
    diplomaNumber: 'null',
  },
  sessions: {
    id: 'not null',
    userId: 'not null',
    csrfToken: 'not null',
    createdAt: 'not null',
    expiresAt: 'not null',
    revokedAt: 'null',
    ip: 'null',
    userAgent: 'null',
  },
  auditEvents: {
    id: 'not null',
    at: 'not null',
    actorId: 'null',
    action: 'not null',
    entityType: 'not null',
    entityId: 'null',
    before: 'null',
    after: 'null',
    login: 'null',
    ip: 'null',
  },
  programs: {
    id: 'not null',
    departmentId: 'not null',
    title: 'not null',
    annotation: 'not null',
    hours: 'not null',
    kind: 'not null',
    form: 'not null',
    distance: 'not null',
    subjects: 'not null',
    plannedResults: 'not null',
    createdBy: 'null',
    createdAt: 'not null',
    updatedAt: 'not null',
  },
  programPositions: { programId: 'not null', positionId: 'not null' },
  courses: {
    id: 'not null',
    programId: 'not null',
    departmentId: 'not null',
    startsOn: 'not null',
    endsOn: 'not null',
    applyUntil: 'not null',
    capacity: 'not null',
    place: 'not null',
    distanceUrl: 'null',
    managerId: 'null',
    quotaReleaseOn: 'null',
    status: 'not null',
    cancelReason: 'null',
    publishedAt: 'null',
    programSnapshot: 'null',
    searchVector: 'not null',
    rankVector: 'not null',
    createdBy: 'null',
    createdAt: 'not null',
    updatedAt: 'not null',
  },
  scheduleDays: {
    id: 'not null',
    courseId: 'not null',
    date: 'not null',
    startsAt: 'not null',
    endsAt: 'not null',
    topic: 'not null',
    room: 'null',
    teacher: 'null',
  },
  courseQuotas: { courseId: 'not null', territoryId: 'not null', places: 'not null' },
  applications: {
    id: 'not null',
    courseId: 'not null',
    departmentId: 'not null',
    teacherId: 'not null',
    territoryId: 'not null',
    organizationId: 'not null',
    status: 'not null',
    waitlistedAt: 'null',
    reason: 'null',
    createdBy: 'null',
    createdAt: 'not null',
    updatedAt: 'not null',
  },
  applicationHistory: {
    id: 'not null',
    applicationId: 'not null',
    fromStatus: 'null',
    toStatus: 'not null',
    action: 'not null',
    byId: 'null',
    at: 'not null',
    reason: 'null',
  },
  courseHistory: {
    id: 'not null',
    courseId: 'not null',
    fromStatus: 'null',
    toStatus: 'not null',
    action: 'not null',
    byId: 'null',
    at: 'not null',
    reason: 'null',
  },
  files: {
    id: 'not null',
    courseId: 'null',
    programId: 'null',
    name: 'not null',
    title: 'null',
    contentType: 'not null',
    size: 'not null',
    sha256: 'not null',
    content: 'not null',
    uploadedBy: 'null',
    createdAt: 'not null',
  },
  conversations: {
    id: 'not null',
    courseId: 'not null',
    territoryId: 'not null',
    createdAt: 'not null',
    lastMessageAt: 'not null',
  },
  conversationMessages: {
    id: 'not null',
    conversationId: 'not null',
    authorId: 'not null',
    body: 'not null',
    createdAt: 'not null',
  },
  conversationReads: {
    conversationId: 'not null',
    userId: 'not null',
    lastReadMessageId: 'not null',
    readAt: 'not null',
  },
  jobs: {
    id: 'not null',
    kind: 'not null',
    payload: 'not null',
    status: 'not null',
    runAt: 'not null',
    attempts: 'not null',
    maxAttempts: 'not null',
    lastError: 'null',
    createdAt: 'not null',
    finishedAt: 'null',
  },
  notifications: {
    id: 'not null',
    userId: 'not null',
    at: 'not null',
    kind: 'not null',
    title: 'not null',
    body: 'not null',
    link: 'null',
    entityType: 'null',
    entityId: 'null',
    readAt: 'null',
  },
  outboxEmails: {
    id: 'not null',
    notificationId: 'null',
    toAddress: 'not null',
    subject: 'not null',
    body: 'not null',
    createdAt: 'not null',
    sentAt: 'null',
    attempts: 'not null',
    lastError: 'null',
    nextAttemptAt: 'null',
    claimedUntil: 'null',
  },
};

const handle = await testDatabase();
afterAll(() => handle.close());

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

it('schema.ts declares exactly the tables and columns the migrations create', async () => {
  const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
    SELECT table_name, column_name, is_nullable FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name NOT LIKE 'schema_migrations%'
    ORDER BY table_name, ordinal_position`.execute(handle.db.withoutPlugins());
  const actual: Record<string, Record<string, string>> = {};
  for (const row of rows) {
    const table = camel(row.table_name);
    actual[table] ??= {};
    actual[table][camel(row.column_name)] = row.is_nullable === 'YES' ? 'null' : 'not null';
  }
  const sortKeys = (o: Record<string, Record<string, string>>) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((t) => [
          t,
          Object.fromEntries(Object.entries(o[t] ?? {}).sort(([a], [b]) => a.localeCompare(b))),
        ]),
    );
  expect(sortKeys(actual)).toEqual(sortKeys(declared as unknown as Record<string, Record<string, string>>));
});
