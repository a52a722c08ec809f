// Table types, written by hand and checked against the migrated database by schema.test.ts.
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
}

export interface OrganizationsTable {
  id: Generated<number>;
  territoryId: number;
  name: string;
  shortName: string | null;
  inn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProvidersTable {
  id: Generated<number>;
  name: string;
  shortName: string | null;
  licenseNumber: string;
  licenseDate: DateText;
  address: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DepartmentsTable {
  id: Generated<number>;
  providerId: number;
  name: string;
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
  mustChangePassword: Generated<boolean>;
  blockedAt: Date | null;
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
}

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
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Territory = Selectable<TerritoriesTable>;
export type Organization = Selectable<OrganizationsTable>;
export type Provider = Selectable<ProvidersTable>;
export type Department = Selectable<DepartmentsTable>;
