// Table types, written by hand. schema-drift.test.ts checks their tables, columns and nullability
// against the migrated database; the column types it does not check.
// Columns are camelCase here; CamelCasePlugin maps them to the snake_case of the SQL.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A `date` column: 'YYYY-MM-DD' both ways. */
type DateText = string;
type Json = ColumnType<unknown, string | null, string | null>;

export type Role = 'operator' | 'provider_admin' | 'head' | 'manager' | 'methodist' | 'teacher';

export interface TerritoriesTable {
  id: Generated<number>;
  name: string;
  kind: string;
  createdAt: Date;
  updatedAt: Date;
  /** The row as an application list writes it (JSON text, migration 0035); kept by triggers, never written directly. */
  listJson: ColumnType<string, never, never>;
}

export interface OrganizationsTable {
  id: Generated<number>;
  territoryId: number;
  name: string;
  shortName: string | null;
  inn: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The row as an application list writes it (JSON text, migration 0035); kept by triggers, never written directly. */
  listJson: ColumnType<string, never, never>;
}

export interface ProvidersTable {
  id: Generated<number>;
  name: string;
  shortName: string | null;
  licenseNumber: string;
  licenseDate: DateText;
  address: string | null;
  /** The registration number's template: `{year}` and `{seq}` (5 digits; `{seq:N}` for N). */
  numberTemplate: Generated<string>;
  /** The series printed on the provider's document blanks. */
  blankSeries: string | null;
  /** `[{name, position}]`: who signs the documents, in order. */
  signatories: ColumnType<ProviderSignatory[], string | undefined, string>;
  inn: string | null;
  ogrn: string | null;
  /** Where documents are issued (printed under the title). */
  city: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ProviderSignatory = { name: string; position: string };

export interface DepartmentsTable {
  id: Generated<number>;
  providerId: number;
  name: string;
  /** Opens its groups' numbers (`<code>-<year>-<n>`). */
  code: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PositionsTable {
  id: Generated<number>;
  name: string;
  sortOrder: Generated<number>;
}

export interface UsersTable {
  id: Generated<number>;
  login: string;
  passwordHash: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  email: string | null;
  /** When the address was proved to reach its owner; the notification mailer writes only then. */
  emailConfirmedAt: Date | null;
  mustChangePassword: Generated<boolean>;
  blockedAt: Date | null;
  /** Registered by a methodist and not yet signed in: no usable password until the invitation is followed. */
  invitedAt: Generated<Date | null>;
  passwordChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserRolesTable {
  id: Generated<number>;
  userId: number;
  role: Role;
  territoryId: number | null;
  providerId: number | null;
  departmentId: number | null;
}

export interface TeacherProfilesTable {
  userId: number;
  organizationId: number;
  position: string;
  subject: string | null;
  personalDataConsentAt: Date;
  createdAt: Date;
  updatedAt: Date;
  birthDate: DateText | null;
  sex: Sex | null;
  /** 11 digits, checksum verified by the contract. */
  snils: string | null;
  educationLevel: EducationLevel | null;
  diplomaSurname: string | null;
  diplomaSeries: string | null;
  diplomaNumber: string | null;
  /** The end of the teacher's last completed course (Bank or external): kept by triggers (0013), never written. */
  lastCpdOn: ColumnType<DateText | null, never, never>;
  /** The row as an application list writes it (JSON text, migration 0035); kept by triggers, never written directly. */
  listJson: ColumnType<string, never, never>;
}

export type Sex = 'male' | 'female';
export type EducationLevel =
  | 'higher'
  | 'secondary_vocational'
  | 'higher_in_progress'
  | 'secondary_vocational_in_progress';

export interface SessionsTable {
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: Date;
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Json;
  after: Json;
  login: string | null;
  ip: string | null;
}

export type ProgramKind = 'qualification' | 'retraining';
export type ProgramForm = 'full_time' | 'mixed' | 'extramural';
export type CourseStatus =
  | 'draft'
  | 'published'
  | 'closed'
  | 'running'
  | 'finished'
  | 'archived'
  | 'cancelled';
/** A `text[]` column: a string array both ways. */
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface ProgramsTable {
  id: Generated<number>;
  departmentId: number;
  title: string;
  annotation: Generated<string>;
  hours: number;
  kind: ProgramKind;
  form: ProgramForm;
  distance: Generated<boolean>;
  subjects: TextArray;
  plannedResults: Generated<string>;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProgramPositionsTable {
  programId: number;
  positionId: number;
}

export interface CoursesTable {
  id: Generated<number>;
  programId: number;
  departmentId: number;
  startsOn: DateText;
  endsOn: DateText;
  applyUntil: DateText;
  capacity: number;
  place: Generated<string>;
  distanceUrl: string | null;
  managerId: number | null;
  quotaReleaseOn: DateText | null;
  status: Generated<CourseStatus>;
  cancelReason: string | null;
  publishedAt: Date | null;
  /** What the program looked like when the course finished; null until then. */
  programSnapshot: Json;
  /** The snapshot's title in lower case, for the archive's search; generated by the database. */
  searchTitle: ColumnType<string | null, never, never>;
  /** The snapshot's title as it is, for the archive's order by title; generated by the database. */
  snapshotTitle: ColumnType<string | null, never, never>;
  /** Maintained by catalog/search.ts, never written directly. */
  searchVector: ColumnType<string, never, never>;
  /** The title and annotation alone, for ranking; maintained with `searchVector`. */
  rankVector: ColumnType<string, never, never>;
  /** The program's form, kind and distance, for the catalog's filters; maintained with `searchVector`. */
  programForm: ColumnType<ProgramForm | null, never, never>;
  programKind: ColumnType<ProgramKind | null, never, never>;
  programDistance: ColumnType<boolean | null, never, never>;
  /** Who pays for the learners: the region's budget or the learners (or their schools) themselves. */
  funding: Generated<Funding>;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
  /** The row as an application list writes it (JSON text, migration 0035); kept by triggers, never written directly. */
  listJson: ColumnType<string, never, never>;
  /** What an application's abilities read of its course (state, last day, department, provider); kept with `listJson`. */
  listAbilities: ColumnType<string, never, never>;
}

/**
 * A course's places held (forwarded + enrolled) and learners (joined a group; completed): one row
 * per course, written with it and kept by triggers on `applications` (migration 0030), never
 * written directly.
 */
export interface CourseCountsTable {
  courseId: ColumnType<number, never, never>;
  placesHeld: ColumnType<number, never, never>;
  learnersEnrolled: ColumnType<number, never, never>;
  learnersCompleted: ColumnType<number, never, never>;
}

/**
 * One row: moved at the commit of every change to what a catalog list shows or filters by (triggers,
 * migration 0034), so that the catalog's in-process copy (catalog/listing.ts) knows when to read again.
 */
export interface CatalogVersionTable {
  one: ColumnType<boolean, never, never>;
  version: ColumnType<string, never, never>;
}

export type Funding = 'budget' | 'paid';

export interface ScheduleDaysTable {
  id: Generated<number>;
  courseId: number;
  date: DateText;
  /** 'HH:MM' */
  startsAt: string;
  /** 'HH:MM' */
  endsAt: string;
  topic: string;
  room: string | null;
  teacher: string | null;
}

export interface CourseQuotasTable {
  courseId: number;
  territoryId: number;
  places: number;
}

export interface CourseHistoryTable {
  id: Generated<number>;
  courseId: number;
  fromStatus: CourseStatus | null;
  toStatus: CourseStatus;
  action: string;
  /** null: the system (a job) */
  byId: number | null;
  at: Date;
  reason: string | null;
}

export interface FilesTable {
  id: Generated<number>;
  courseId: number | null;
  programId: number | null;
  name: string;
  title: string | null;
  contentType: string;
  size: number;
  sha256: string;
  /** Buffer on PostgreSQL, Uint8Array on PGlite. */
  content: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  uploadedBy: number | null;
  createdAt: Date;
}

export type ApplicationStatus =
  | 'submitted'
  | 'rejected'
  | 'forwarded'
  | 'waitlisted'
  | 'declined'
  | 'withdrawn'
  | 'enrolled'
  | 'no_show'
  | 'completed'
  | 'not_completed';

export interface ApplicationsTable {
  id: Generated<number>;
  courseId: number;
  /** The course's department (a course never changes department): the provider's basket. */
  departmentId: number;
  teacherId: number;
  territoryId: number;
  organizationId: number;
  status: ApplicationStatus;
  waitlistedAt: Date | null;
  reason: string | null;
  /** The group the learner joined (enrolled, then completed or not). */
  groupId: number | null;
  /** Set when the course is archived: the application leaves the working baskets. */
  archivedAt: Generated<Date | null>;
  /** The teacher's full name as a sort key (last, first, middle), kept by triggers (migration 0019). */
  teacherKey: Generated<string>;
  /** The organization's name as a sort key, kept by triggers (migration 0019). */
  organizationKey: Generated<string>;
  /** The course's start and apply-until dates, as sort keys of the baskets, kept by triggers (migration 0033). */
  courseStartsOn: Generated<DateText>;
  courseApplyUntil: Generated<DateText>;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * An application as a list writes it, one row per application (migrations 0036, 0038): kept by
 * triggers, never written directly, and left out of a backup (a restore writes it again).
 */
export interface ApplicationItemsTable {
  applicationId: ColumnType<number, never, never>;
  /** The item but for its waitlist place and abilities: JSON text without its closing brace. */
  listJson: ColumnType<string, never, never>;
  /** What its abilities depend on (present.ts). */
  listAbilities: ColumnType<string, never, never>;
}

export interface ApplicationHistoryTable {
  id: Generated<number>;
  applicationId: number;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
  action: string;
  /** null: the system (a promotion from the waitlist) */
  byId: number | null;
  at: Date;
  reason: string | null;
}

export type AttendanceMark = 'present' | 'absent' | 'excused';

export interface AttendanceMarksTable {
  applicationId: number;
  courseId: number;
  day: DateText;
  mark: AttendanceMark;
  /** Required for `excused`. */
  reason: string | null;
  markedBy: number | null;
  markedAt: Date;
}

export interface AttendanceDaysTable {
  courseId: number;
  day: DateText;
  confirmedBy: number | null;
  confirmedAt: Date;
}

export interface StudyGroupsTable {
  id: Generated<number>;
  courseId: number;
  providerId: number;
  year: number;
  number: string;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ExternalCpdTable {
  id: Generated<number>;
  teacherId: number;
  programTitle: string;
  providerName: string;
  hours: number;
  startsOn: DateText;
  endsOn: DateText;
  /** 'certificate' (удостоверение) or 'diploma' (диплом о переподготовке). */
  documentKind: string;
  documentSeries: string | null;
  documentNumber: string;
  issuedOn: DateText;
  addedBy: number | null;
  addedAt: Date;
}

export type CertificateKind = 'certificate' | 'diploma' | 'spravka';

export interface CertificateCountersTable {
  providerId: number;
  year: number;
  lastSequence: number;
}

export interface CertificatesTable {
  id: Generated<number>;
  applicationId: number;
  courseId: number;
  departmentId: number;
  providerId: number;
  teacherId: number;
  kind: CertificateKind;
  year: number;
  sequence: number;
  registrationNumber: string;
  blankSeries: string | null;
  blankNumber: string;
  issuedOn: DateText;
  /** What the document was issued with (certificates/snapshot.ts), never changed afterwards. */
  snapshot: ColumnType<Record<string, unknown>, string, never>;
  issuedBy: number | null;
  issuedAt: Date;
  revokedAt: Date | null;
  revokeReason: string | null;
  revokedBy: number | null;
  /** The revoked document this one was reissued for. */
  replacesId: number | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  userId: number;
  at: Date;
  kind: string;
  title: string;
  body: Generated<string>;
  /** A path of the web UI, such as `/applications/15`. */
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  readAt: Date | null;
}

/** A user's choice of e-mail for a group of notices (contract/notifications.ts NOTICE_SETTINGS). */
export interface NotificationSettingsTable {
  userId: number;
  setting: string;
  email: boolean;
  updatedAt: Date;
}

/**
 * The working baskets' counts by territory, department and state (migration 0032): the totals
 * folded so far (one row per key) and the deltas appended since (+1 or -1 each, many per key).
 */
export interface ApplicationCountsTable {
  territoryId: number;
  departmentId: number;
  status: ApplicationStatus;
  n: number;
}

/** A methodist's daily letter of new applications: one per region day. */
export interface NotificationDigestsTable {
  userId: number;
  day: DateText;
  items: number;
  sentAt: Date;
}

export interface OutboxEmailsTable {
  id: Generated<number>;
  notificationId: number | null;
  toAddress: string;
  subject: string;
  body: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: Generated<number>;
  lastError: string | null;
  /** When the sender tries next; null once sent or given up. */
  nextAttemptAt: Date | null;
  /** Set while a run of the sender holds the e-mail: due again once this has passed unrecorded. */
  claimedUntil: Date | null;
}

export interface ConversationsTable {
  id: Generated<number>;
  courseId: number;
  territoryId: number;
  createdAt: Date;
  lastMessageAt: Date;
}

export interface ConversationMessagesTable {
  id: Generated<number>;
  conversationId: number;
  authorId: number;
  body: string;
  createdAt: Date;
}

export interface ConversationReadsTable {
  conversationId: number;
  userId: number;
  lastReadMessageId: number;
  readAt: Date;
}

export type JobStatus = 'pending' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  kind: string;
  /** A JSON object, checked by the job definition's zod schema. */
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: Generated<JobStatus>;
  runAt: Date;
  attempts: Generated<number>;
  maxAttempts: Generated<number>;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** The user who started the job and follows it; null for the server's own jobs. */
  startedBy: number | null;
  progressDone: Generated<number>;
  progressTotal: number | null;
  /** The file the job produced, kept until `resultExpiresAt`. */
  resultName: string | null;
  resultType: string | null;
  result: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  resultExpiresAt: Date | null;
}

/** A provider's copy of the registry's official FRDO template, filled by the export. */
export interface FrdoTemplatesTable {
  providerId: number;
  name: string;
  content: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  sha256: string;
  uploadedBy: number;
  uploadedAt: Date;
}

export type AccountTokenPurpose = 'recovery' | 'email_confirm' | 'invitation';

/** A link mailed for password recovery or e-mail confirmation: only its token's SHA-256 is kept. */
export interface AccountTokensTable {
  id: Generated<number>;
  userId: number;
  purpose: AccountTokenPurpose;
  tokenHash: string;
  /** The address the link was mailed to. */
  email: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export type PeriodKind = 'year' | 'half' | 'quarter' | 'month' | 'custom';

export interface ReportingPeriodsTable {
  id: Generated<number>;
  name: string;
  kind: PeriodKind;
  startsOn: DateText;
  endsOn: DateText;
  /** Set while the period is closed: its summaries read the snapshot below. */
  closedAt: Date | null;
  closedBy: number | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A closed period's facts: one row per application of a course starting in it, names as they were. */
export interface ReportingFactsTable {
  periodId: number;
  applicationId: number;
  status: ApplicationStatus;
  courseId: number;
  courseName: string;
  groupId: number | null;
  territoryId: number;
  territoryName: string;
  organizationId: number;
  organizationName: string;
  position: string;
  providerId: number;
  providerName: string;
  departmentId: number;
  departmentName: string;
  programId: number;
  programTitle: string;
  form: ProgramForm;
  funding: Funding;
  hours: number;
  /** Valid (not revoked) documents issued for the application. */
  documents: number;
}

/** A closed period's teachers by organization and position, and how many had CPD in three years. */
export interface ReportingTeachersTable {
  periodId: number;
  territoryId: number;
  territoryName: string;
  organizationId: number;
  organizationName: string;
  position: string;
  teachers: number;
  withCpd: number;
}

/** The facts by month of the course's start and territory (0: all territories), submitted left out. */
export interface SummaryFactsTable {
  month: string;
  territoryId: number;
  courses: number;
  groups: number;
  applications: number;
  rejected: number;
  forwarded: number;
  waitlisted: number;
  declined: number;
  withdrawn: number;
  enrolled: number;
  noShow: number;
  completed: number;
  notCompleted: number;
  inGroup: number;
  personHours: number;
  documents: number;
}

/** The teachers by their organization's territory and month of last CPD ('-infinity': none). */
export interface SummaryTeachersTable {
  month: string;
  territoryId: number;
  teachers: number;
}

/** A month whose summary rows wait for a recount (appended by triggers; no unique key). */
export interface SummaryStaleTable {
  month: string;
}

export type ImportState = 'invalid' | 'ready' | 'queued' | 'running' | 'done' | 'failed';

/** An uploaded file of teachers and organizations between its preview and its apply job. */
export interface ImportsTable {
  id: string;
  createdBy: number;
  fileName: string;
  state: ImportState;
  /** The parsed rows with their problems, in the file's order (teachers/import.ts reads them). */
  rows: ColumnType<object[], string, string>;
  total: number;
  errors: number;
  existing: number;
  processed: Generated<number>;
  /** What the apply created. */
  result: Json;
  failure: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DB {
  territories: TerritoriesTable;
  organizations: OrganizationsTable;
  providers: ProvidersTable;
  departments: DepartmentsTable;
  positions: PositionsTable;
  users: UsersTable;
  userRoles: UserRolesTable;
  teacherProfiles: TeacherProfilesTable;
  sessions: SessionsTable;
  auditEvents: AuditEventsTable;
  programs: ProgramsTable;
  programPositions: ProgramPositionsTable;
  courses: CoursesTable;
  courseCounts: CourseCountsTable;
  catalogVersion: CatalogVersionTable;
  scheduleDays: ScheduleDaysTable;
  courseQuotas: CourseQuotasTable;
  courseHistory: CourseHistoryTable;
  files: FilesTable;
  jobs: JobsTable;
  frdoTemplates: FrdoTemplatesTable;
  conversations: ConversationsTable;
  conversationMessages: ConversationMessagesTable;
  conversationReads: ConversationReadsTable;
  notifications: NotificationsTable;
  outboxEmails: OutboxEmailsTable;
  notificationSettings: NotificationSettingsTable;
  notificationDigests: NotificationDigestsTable;
  applications: ApplicationsTable;
  applicationItems: ApplicationItemsTable;
  applicationCountTotals: ApplicationCountsTable;
  applicationCountDeltas: ApplicationCountsTable;
  applicationHistory: ApplicationHistoryTable;
  attendanceMarks: AttendanceMarksTable;
  attendanceDays: AttendanceDaysTable;
  studyGroups: StudyGroupsTable;
  externalCpd: ExternalCpdTable;
  certificateCounters: CertificateCountersTable;
  certificates: CertificatesTable;
  accountTokens: AccountTokensTable;
  imports: ImportsTable;
  reportingPeriods: ReportingPeriodsTable;
  reportingFacts: ReportingFactsTable;
  reportingTeachers: ReportingTeachersTable;
  summaryFacts: SummaryFactsTable;
  summaryFactsStale: SummaryStaleTable;
  summaryTeachers: SummaryTeachersTable;
  summaryTeachersStale: SummaryStaleTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Territory = Selectable<TerritoriesTable>;
export type Organization = Selectable<OrganizationsTable>;
export type Provider = Selectable<ProvidersTable>;
export type Department = Selectable<DepartmentsTable>;
