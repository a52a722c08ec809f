// Demo data for `ebppk demo`: a believable Perm Krai Bank (organizations over the territories,
// the regional institute and two smaller providers with departments, their staff, methodists,
// ~500 teachers) with memorable logins sharing one password. What the Bank holds is in data/*.json
// (read by data.ts); this file draws the people and organizations from it and inserts them.
//
// Deterministic: everything comes from one seeded PRNG (no Math.random), so two runs produce the
// same names. Fast: one password hash reused by every account, a few multi-row INSERTs in one
// transaction (PGlite pays per statement, not per row).
import { type Insertable, sql } from 'kysely';
import { hashPassword } from '../auth/passwords.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Role, UsersTable } from '../db/schema.js';
import { seedApplications } from './applications.js';
import { earlier, seedCatalog } from './catalog.js';
import { seedConversations } from './conversations.js';
import {
  type OrganizationKind as Kind,
  METHODISTS,
  NAMES,
  ORGANIZATIONS,
  PROVIDERS,
  TEACHERS,
} from './data.js';
import { surname, translit } from './names.js';
import { seedNotices } from './notices.js';
import { type PersonalData, personalData } from './profiles.js';
import { seedReports } from './reports.js';
import { seedArchive, seedStudy } from './study.js';

export const DEMO_PASSWORD = 'demo2026';

/** One memorable login per role: what `printDemoLogins` shows. */
export const DEMO_LOGINS = {
  operator: 'operator',
  provider_admin: 'admin.iro',
  head: 'head.doo',
  manager: 'manager.doo',
  methodist: 'methodist.perm',
  teacher: 'teacher@demo.ebppk.ru',
} as const satisfies Record<Role, string>;

const DEMO_DOMAIN = 'demo.ebppk.ru';

// ——— organizations ———

type OrgPlan = { territory: string; kind: Kind; name: string; shortName: string | null };

/** ИНН of a legal entity: 10 digits, Perm Krai's region code, a valid check digit. */
function inn(random: Random): string {
  const offices = ['02', '04', '05', '06', '07', '08', '11', '14', '16', '17', '19', '21'];
  const digits = `59${random.pick(offices)}${String(random.int(10000, 99999))}`.split('').map(Number);
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const check = (weights.reduce((s, w, i) => s + w * digits[i]!, 0) % 11) % 10;
  return `${digits.join('')}${check}`;
}

/** «Ординский муниципальный округ» → «Ординская» (for a school), «Ординский» (for a kindergarten). */
function adjectives(territory: string): [feminine: string, masculine: string] {
  const word = territory.replace(/^ЗАТО /, '').split(' ')[0]!;
  const feminine = word.replace(/(ский|ской)$/, 'ская').replace(/ный$/, 'ная');
  return [feminine, word];
}

function planOrganizations(random: Random, territories: string[]): OrgPlan[] {
  const plans: OrgPlan[] = [];
  const add = (territory: string, kind: Kind, name: string, shortName: string | null) =>
    plans.push({ territory, kind, name, shortName });
  const towns = new Set<string>();
  for (const { territory, town, size } of ORGANIZATIONS.towns) {
    if (!territories.includes(territory)) continue;
    towns.add(territory);
    const capital = size === 'capital';
    const numbers = random.shuffle(Array.from({ length: capital ? 150 : 20 }, (_, i) => i + 1));
    const mix = ORGANIZATIONS.mix[size];
    for (let i = 0; i < (mix.school ?? 0); i++) {
      const n = numbers.pop();
      add(
        territory,
        'school',
        `${capital ? 'МАОУ' : random.pick(['МАОУ', 'МБОУ'])} «Средняя общеобразовательная школа № ${n}» ${town}`,
        `СОШ № ${n}`,
      );
    }
    for (const [kind, word] of [
      ['gymnasium', 'Гимназия'],
      ['lyceum', 'Лицей'],
    ] as const) {
      for (let i = 0; i < (mix[kind] ?? 0); i++) {
        const n = numbers.pop();
        add(territory, kind, `МАОУ «${word} № ${n}» ${town}`, `${word} № ${n}`);
      }
    }
    const gardens = random.shuffle(Array.from({ length: capital ? 400 : 40 }, (_, i) => i + 1));
    for (let i = 0; i < (mix.kindergarten ?? 0); i++) {
      const n = gardens.pop();
      add(
        territory,
        'kindergarten',
        `${random.pick(['МАДОУ', 'МБДОУ'])} «Детский сад № ${n}» ${town}`,
        `Детский сад № ${n}`,
      );
    }
    for (const { name, shortName } of random
      .shuffle([...ORGANIZATIONS.extraEducation])
      .slice(0, mix.extra ?? 0)) {
      add(
        territory,
        'extra',
        `${random.pick(['МАУ ДО', 'МБУ ДО'])} «${name}» ${town}`,
        `${shortName} ${town}`,
      );
    }
  }
  for (const { territory, name, shortName } of ORGANIZATIONS.colleges) {
    if (territories.includes(territory)) add(territory, 'college', name, shortName);
  }
  // Every other territory: its school, and a kindergarten where the count allows.
  const rural = random.shuffle(territories.filter((t) => !towns.has(t)));
  let second = ORGANIZATIONS.count - plans.length - rural.length;
  for (const territory of rural) {
    const [feminine, masculine] = adjectives(territory);
    if (random.next() < 0.2) {
      add(territory, 'gymnasium', `МБОУ «${feminine} гимназия»`, `${feminine} гимназия`);
    } else {
      add(territory, 'school', `МБОУ «${feminine} средняя общеобразовательная школа»`, `${feminine} СОШ`);
    }
    if (second-- > 0) {
      const garden = random.pick(ORGANIZATIONS.kindergartenNames);
      add(
        territory,
        'kindergarten',
        `МБДОУ «${masculine} детский сад «${garden}»»`,
        `Детский сад «${garden}»`,
      );
    }
  }
  return plans;
}

// ——— people ———

type Person = { lastName: string; firstName: string; middleName: string; female: boolean };

function person(random: Random, femaleShare: number): Person {
  const female = random.next() < femaleShare;
  const patronymic = random.pick(NAMES.patronymics);
  return {
    lastName: surname(random.pick(NAMES.surnames), female),
    firstName: random.pick(female ? NAMES.femaleFirst : NAMES.maleFirst),
    middleName: female ? patronymic.female : patronymic.male,
    female,
  };
}

/** e-mail login from the name: ivanova.mp@demo.ebppk.ru, with a number when taken. */
function emailLogin(p: Person, taken: Set<string>): string {
  const base = `${translit(p.lastName)}.${translit(p.firstName[0]!)}${translit(p.middleName[0]!)}`;
  for (let n = 1; ; n++) {
    const login = `${base}${n === 1 ? '' : n}@${DEMO_DOMAIN}`;
    if (!taken.has(login)) {
      taken.add(login);
      return login;
    }
  }
}

/** The weighted positions at an organization: gymnasiums and lyceums staff as schools do. */
function positionsAt(kind: Kind) {
  return TEACHERS.positions[kind === 'gymnasium' || kind === 'lyceum' ? 'school' : kind];
}

// ——— the seed ———

export type DemoCounts = {
  organizations: number;
  providers: number;
  departments: number;
  operators: number;
  providerAdmins: number;
  heads: number;
  managers: number;
  methodists: number;
  teachers: number;
};

/** What `seedDemo` creates: a pure function of the plan, so tests can compare with the database. */
export const DEMO_COUNTS: DemoCounts = {
  organizations: ORGANIZATIONS.count,
  providers: PROVIDERS.length,
  departments: PROVIDERS.reduce((n, p) => n + p.departments.length, 0),
  operators: 1,
  providerAdmins: PROVIDERS.length,
  heads: PROVIDERS.reduce((n, p) => n + p.departments.length, 0),
  managers: PROVIDERS.reduce((n, p) => n + p.departments.reduce((m, d) => m + d.managers.length, 0), 0),
  methodists: METHODISTS.length,
  teachers: TEACHERS.count,
};

type NewUser = Insertable<UsersTable> & { login: string };
type Grant = { login: string; role: Role; territoryId?: number; providerId?: number; departmentId?: number };

/**
 * Empties a demo database for a new start: every table, sequence and function of the public schema
 * goes, then the migrations run again. Only for `ebppk demo` on its own PGlite data directory.
 */
export async function resetDemoDatabase(db: Database): Promise<void> {
  await sql`DROP SCHEMA public CASCADE`.execute(db);
  await sql`CREATE SCHEMA public`.execute(db);
  await migrateToLatest(db);
}

/** Fills a fresh database with the demo data; a database that already has them is left as it is. */
export async function seedDemo(ctx: Ctx): Promise<void> {
  const now = ctx.now();
  const existing = await ctx.db.selectFrom('users').select('id').limit(1).execute();
  if (existing.length) {
    const seeded = await ctx.db
      .selectFrom('auditEvents')
      .where('action', '=', 'system.demo_seeded')
      .select('id')
      .limit(1)
      .execute();
    if (seeded.length) return;
    throw new Error(
      'Демонстрационные данные заполняются только в пустую базу данных: в ней уже есть пользователи',
    );
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const random = new Random(20260901);
  const daysAgo = (days: number) => earlier(now, days, random.int(0, 86_399));

  await ctx.db.transaction().execute(async (trx) => {
    const territories = await trx.selectFrom('territories').select(['id', 'name']).orderBy('id').execute();
    const territoryId = new Map(territories.map((t) => [t.name, t.id]));
    const positions = new Set(
      (await trx.selectFrom('positions').select('name').execute()).map((p) => p.name),
    );

    // Organizations
    const plans = planOrganizations(
      random,
      territories.map((t) => t.name),
    );
    const organizations = await trx
      .insertInto('organizations')
      .values(
        plans.map((o) => {
          const at = daysAgo(random.int(400, 900));
          return {
            territoryId: territoryId.get(o.territory)!,
            name: o.name,
            shortName: o.shortName,
            inn: random.next() < 0.7 ? inn(random) : null,
            createdAt: at,
            updatedAt: at,
          };
        }),
      )
      .returning('id')
      .execute();

    // Providers and departments
    const providerIds = new Map<string, number>();
    const departmentIds = new Map<string, number>();
    for (const p of PROVIDERS) {
      const at = daysAgo(random.int(300, 400));
      const row = await trx
        .insertInto('providers')
        .values({
          name: p.name,
          shortName: p.shortName,
          licenseNumber: p.licenseNumber,
          licenseDate: p.licenseDate,
          address: p.address,
          signatories: JSON.stringify(p.signatories),
          createdAt: at,
          updatedAt: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      providerIds.set(p.code, row.id);
    }
    const departments = PROVIDERS.flatMap((p) => p.departments.map((d) => ({ ...d, provider: p.code })));
    const departmentRows = await trx
      .insertInto('departments')
      .values(
        departments.map((d) => {
          const at = daysAgo(random.int(250, 300));
          return {
            providerId: providerIds.get(d.provider)!,
            name: d.name,
            code: d.groupCode,
            createdAt: at,
            updatedAt: at,
          };
        }),
      )
      .returning(['id', 'name', 'providerId'])
      .execute();
    departments.forEach((d, i) => {
      departmentIds.set(d.code, departmentRows[i]!.id);
    });

    // Staff accounts: memorable logins
    const users: NewUser[] = [];
    const grants: Grant[] = [];
    const account = (login: string, p: Person, days: number): NewUser => {
      const at = daysAgo(days);
      const user = {
        login,
        passwordHash,
        lastName: p.lastName,
        firstName: p.firstName,
        middleName: p.middleName,
        email: login.includes('@') ? login : `${login}@${DEMO_DOMAIN}`,
        emailConfirmedAt: at,
        mustChangePassword: false,
        blockedAt: null,
        passwordChangedAt: at,
        createdAt: at,
        updatedAt: at,
      };
      users.push(user);
      return user;
    };
    account(DEMO_LOGINS.operator, person(random, 0.7), 365);
    grants.push({ login: DEMO_LOGINS.operator, role: 'operator' });
    for (const p of PROVIDERS) {
      account(p.admin, person(random, 0.6), random.int(200, 300));
      grants.push({ login: p.admin, role: 'provider_admin', providerId: providerIds.get(p.code)! });
      for (const d of p.departments) {
        const departmentId = departmentIds.get(d.code)!;
        account(d.head, person(random, 0.7), random.int(150, 250));
        grants.push({ login: d.head, role: 'head', departmentId });
        for (const login of d.managers) {
          account(login, person(random, 0.8), random.int(60, 150));
          grants.push({ login, role: 'manager', departmentId });
        }
      }
    }
    for (const { territory, login } of METHODISTS) {
      account(login, person(random, 0.85), random.int(100, 300));
      grants.push({ login, role: 'methodist', territoryId: territoryId.get(territory)! });
    }

    // Teachers: the first, with the memorable login, works at a school of Perm.
    const taken = new Set<string>();
    const weights = plans.map((o) => TEACHERS.workplaceWeights[o.kind]);
    const profiles: {
      login: string;
      organizationId: number;
      position: string;
      subject: string | null;
      personal: PersonalData;
    }[] = [];
    // Personal data for documents, from a PRNG of its own (names stay as they were).
    const personalRandom = new Random(20261126);
    const firstSchool = plans.findIndex(
      (o) => o.territory === METHODISTS[0]!.territory && o.kind === 'school',
    );
    for (let i = 0; i < TEACHERS.count; i++) {
      const index = i === 0 ? firstSchool : random.weighted(weights);
      const plan = plans[index]!;
      const p = person(random, plan.kind === 'kindergarten' ? 0.97 : 0.82);
      const login = i === 0 ? DEMO_LOGINS.teacher : emailLogin(p, taken);
      account(login, p, random.int(1, 720));
      grants.push({ login, role: 'teacher' });
      const choices = positionsAt(plan.kind)
        .filter((c) => positions.has(c.position))
        .map((c): [string, number] => [c.position, c.weight]);
      const position =
        i === 0 ? 'учитель' : choices.length ? random.weightedPick(choices) : [...positions][0]!;
      const subjects = TEACHERS.subjects[position]?.map((c): [string, number] => [c.subject, c.weight]);
      profiles.push({
        login,
        organizationId: organizations[index]!.id,
        position,
        subject: subjects ? random.weightedPick(subjects) : null,
        personal: personalData(personalRandom, now, p, i === 0),
      });
    }

    const userId = new Map<string, number>();
    for (const chunk of chunks(users)) {
      for (const u of await trx.insertInto('users').values(chunk).returning(['id', 'login']).execute()) {
        userId.set(u.login, u.id);
      }
    }
    for (const chunk of chunks(grants)) {
      await trx
        .insertInto('userRoles')
        .values(
          chunk.map((g) => ({
            userId: userId.get(g.login)!,
            role: g.role,
            territoryId: g.territoryId ?? null,
            providerId: g.providerId ?? null,
            departmentId: g.departmentId ?? null,
          })),
        )
        .execute();
    }
    const createdAt = new Map(users.map((u) => [u.login, u.createdAt as Date]));
    for (const chunk of chunks(profiles)) {
      await trx
        .insertInto('teacherProfiles')
        .values(
          chunk.map((p) => ({
            userId: userId.get(p.login)!,
            organizationId: p.organizationId,
            position: p.position,
            subject: p.subject,
            ...p.personal,
            personalDataConsentAt: createdAt.get(p.login)!,
            createdAt: createdAt.get(p.login)!,
            updatedAt: createdAt.get(p.login)!,
          })),
        )
        .execute();
    }

    // The catalog: programs and courses of the departments, from a PRNG of its own.
    await seedCatalog(trx, now, new Random(20261125));
    // Archived courses of earlier years, whose applications come with the others'.
    await seedArchive(trx, now, new Random(20261128));
    // Applications in every state over the demo courses, from a PRNG of their own.
    await seedApplications(trx, now, new Random(20261127));
    // Groups, the attendance journal, CPD before the Bank.
    await seedStudy(trx, now, new Random(20261129));
    // Threads between methodist.perm and manager.doo about the department's courses.
    await seedConversations(trx, now);
    // A few notices, so that the methodist's and the manager's bells are not empty.
    await seedNotices(trx, now);
    // Reporting periods: this year open, the previous quarter closed (its snapshot taken).
    await seedReports(trx, now);

    await trx
      .insertInto('auditEvents')
      .values({
        at: now,
        actorId: null,
        action: 'system.demo_seeded',
        entityType: 'database',
        entityId: null,
        before: null,
        after: JSON.stringify(DEMO_COUNTS),
        login: null,
        ip: null,
      })
      .execute();
  });
}

/** Rows in slices small enough for one multi-row INSERT each (well under 65,535 parameters). */
function chunks<T>(rows: T[], size = 400): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

// ——— the logins on the console ———

const ROLE_LABELS: Record<Role, [label: string, scope: string]> = {
  operator: ['Оператор (организационно-методический сектор)', 'весь Банк'],
  provider_admin: ['Администратор поставщика', 'ИРО ПК'],
  head: ['Начальник подразделения', 'Отдел дошкольного образования, ИРО ПК'],
  manager: ['Руководитель курсов', 'Отдел дошкольного образования, ИРО ПК'],
  methodist: ['Методист', 'Пермский городской округ'],
  teacher: ['Педагог', 'школа г. Перми'],
};

export function printDemoLogins(url: string) {
  const rows = (Object.keys(DEMO_LOGINS) as Role[]).map((role) => [
    ROLE_LABELS[role][0],
    DEMO_LOGINS[role],
    ROLE_LABELS[role][1],
  ]);
  const header = ['Роль', 'Логин', 'Где'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('   ')}`.trimEnd();
  const rule = `  ${widths.map((w) => '─'.repeat(w)).join('   ')}`;
  console.log(
    [
      '',
      `ЕБППК — демонстрационный стенд: ${url}`,
      '',
      line(header),
      rule,
      ...rows.map(line),
      rule,
      `  Пароль у всех демонстрационных учётных записей: ${DEMO_PASSWORD}`,
      '  Другие: admin.pggpu, head.koo, manager2.doo, methodist.kungur и ~500 педагогов (логин — e-mail).',
      '',
    ].join('\n'),
  );
}

// ——— a small seeded PRNG (mulberry32) ———

export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
  /** An index, with probability proportional to its weight. */
  weighted(weights: number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  weightedPick<T>(choices: [T, number][]): T {
    return choices[this.weighted(choices.map(([, w]) => w))]![0];
  }
}
