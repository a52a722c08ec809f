// Demo data for `ebppk demo`: a believable Perm Krai Bank (organizations over the territories,
// the regional institute and two smaller providers with departments, their staff, methodists,
// ~500 teachers) with memorable logins sharing one password.
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
import { seedCatalog } from './catalog.js';
import { seedConversations } from './conversations.js';
import { FEMALE_FIRST, MALE_FIRST, PATRONYMICS, SURNAMES, surname, translit } from './names.js';
import { type PersonalData, personalData } from './profiles.js';

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
const TEACHERS = 500;

type ProviderPlan = {
  code: string;
  name: string;
  shortName: string;
  licenseNumber: string;
  licenseDate: string;
  address: string;
  departments: { code: string; name: string; managers: number }[];
};

const PROVIDERS: ProviderPlan[] = [
  {
    code: 'iro',
    name: 'ГАУ ДПО «Институт развития образования Пермского края»',
    shortName: 'ИРО ПК',
    licenseNumber: '59Л01 № 0004136',
    licenseDate: '2019-03-12',
    address: '614068, г. Пермь, ул. Екатерининская, д. 210',
    departments: [
      { code: 'doo', name: 'Отдел дошкольного образования', managers: 2 },
      { code: 'koo', name: 'Кафедра общего образования', managers: 2 },
      { code: 'oprp', name: 'Отдел профессионального развития педагогов', managers: 2 },
      { code: 'cct', name: 'Центр цифровой трансформации', managers: 1 },
    ],
  },
  {
    code: 'pggpu',
    name: 'ФГБОУ ВО «Пермский государственный гуманитарно-педагогический университет»',
    shortName: 'ПГГПУ',
    licenseNumber: '№ 2345',
    licenseDate: '2016-08-24',
    address: '614990, г. Пермь, ул. Сибирская, д. 24',
    departments: [{ code: 'cdpo', name: 'Центр дополнительного профессионального образования', managers: 1 }],
  },
  {
    code: 'ucrk',
    name: 'АНО ДПО «Уральский центр развития компетенций»',
    shortName: 'УЦРК',
    licenseNumber: '59Л01 № 0005012',
    licenseDate: '2021-11-30',
    address: '618400, г. Березники, ул. Пятилетки, д. 47',
    departments: [{ code: 'ucrk', name: 'Учебно-методический отдел', managers: 1 }],
  },
];

/** Territories with a methodist each, and the login's suffix. */
const METHODISTS: [territory: string, code: string][] = [
  ['Пермский городской округ', 'perm'],
  ['Чайковский городской округ', 'chaikovsky'],
  ['Березниковский муниципальный округ', 'berezniki'],
  ['Соликамский муниципальный округ', 'solikamsk'],
  ['Кунгурский муниципальный округ', 'kungur'],
  ['Лысьвенский муниципальный округ', 'lysva'],
  ['Краснокамский муниципальный округ', 'krasnokamsk'],
  ['Чусовской муниципальный округ', 'chusovoy'],
];

// ——— organizations ———

type Kind = 'school' | 'gymnasium' | 'lyceum' | 'kindergarten' | 'extra' | 'college';
type OrgPlan = { territory: string; kind: Kind; name: string; shortName: string | null };

/** Towns by territory, in the genitive of official names («г. Перми»), with how many organizations. */
const TOWNS: [territory: string, town: string, size: 'capital' | 'city' | 'large' | 'medium'][] = [
  ['Пермский городской округ', 'г. Перми', 'capital'],
  ['Чайковский городской округ', 'г. Чайковского', 'city'],
  ['Березниковский муниципальный округ', 'г. Березники', 'large'],
  ['Соликамский муниципальный округ', 'г. Соликамска', 'large'],
  ['Кунгурский муниципальный округ', 'г. Кунгура', 'large'],
  ['Лысьвенский муниципальный округ', 'г. Лысьвы', 'large'],
  ['Краснокамский муниципальный округ', 'г. Краснокамска', 'large'],
  ['Чусовской муниципальный округ', 'г. Чусового', 'large'],
  ['Добрянский муниципальный округ', 'г. Добрянки', 'large'],
  ['Губахинский муниципальный округ', 'г. Губахи', 'large'],
  ['Верещагинский муниципальный округ', 'г. Верещагино', 'medium'],
  ['Нытвенский муниципальный округ', 'г. Нытвы', 'medium'],
  ['Осинский муниципальный округ', 'г. Осы', 'medium'],
  ['Кудымкарский муниципальный округ', 'г. Кудымкара', 'medium'],
  ['Чернушинский муниципальный округ', 'г. Чернушки', 'medium'],
];

const MIX: Record<'capital' | 'city' | 'large' | 'medium', Partial<Record<Kind, number>>> = {
  capital: { school: 18, gymnasium: 3, lyceum: 3, kindergarten: 10, extra: 3 },
  city: { school: 3, gymnasium: 1, kindergarten: 2, extra: 1 },
  large: { school: 3, kindergarten: 2, extra: 1 },
  medium: { school: 2, kindergarten: 1 },
};

const COLLEGES: [territory: string, name: string, shortName: string][] = [
  ['Пермский городской округ', 'ГБПОУ «Пермский педагогический колледж»', 'ППК'],
  ['Пермский городской округ', 'ГБПОУ «Пермский колледж предпринимательства и сервиса»', 'ПКПС'],
  [
    'Пермский городской округ',
    'ГБПОУ «Пермский политехнический колледж имени Н. Г. Славянова»',
    'ППК им. Славянова',
  ],
  ['Чайковский городской округ', 'ГБПОУ «Чайковский индустриальный колледж»', 'ЧИК'],
  ['Соликамский муниципальный округ', 'ГБПОУ «Соликамский социально-педагогический колледж»', 'ССПК'],
  ['Кудымкарский муниципальный округ', 'ГБПОУ «Кудымкарский педагогический колледж»', 'КПК'],
];

const EXTRA = [
  ['Центр детского творчества', 'ЦДТ'],
  ['Дом детского творчества', 'ДДТ'],
  ['Детско-юношеская спортивная школа', 'ДЮСШ'],
  ['Детская школа искусств', 'ДШИ'],
  ['Станция юных техников', 'СЮТ'],
  ['Центр дополнительного образования детей', 'ЦДОД'],
] as const;

const KINDERGARTEN_NAMES = [
  'Солнышко',
  'Колокольчик',
  'Радуга',
  'Светлячок',
  'Теремок',
  'Берёзка',
  'Ромашка',
  'Золотой ключик',
  'Ручеёк',
  'Сказка',
  'Улыбка',
  'Родничок',
];

const ORGANIZATIONS = 150;

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
  for (const [territory, town, size] of TOWNS) {
    if (!territories.includes(territory)) continue;
    towns.add(territory);
    const capital = size === 'capital';
    const numbers = random.shuffle(Array.from({ length: capital ? 150 : 20 }, (_, i) => i + 1));
    const mix = MIX[size];
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
    for (const [word, short] of random.shuffle([...EXTRA]).slice(0, mix.extra ?? 0)) {
      add(territory, 'extra', `${random.pick(['МАУ ДО', 'МБУ ДО'])} «${word}» ${town}`, `${short} ${town}`);
    }
  }
  for (const [territory, name, shortName] of COLLEGES) {
    if (territories.includes(territory)) add(territory, 'college', name, shortName);
  }
  // Every other territory: its school, and a kindergarten where the count allows.
  const rural = random.shuffle(territories.filter((t) => !towns.has(t)));
  let second = ORGANIZATIONS - plans.length - rural.length;
  for (const territory of rural) {
    const [feminine, masculine] = adjectives(territory);
    if (random.next() < 0.2) {
      add(territory, 'gymnasium', `МБОУ «${feminine} гимназия»`, `${feminine} гимназия`);
    } else {
      add(territory, 'school', `МБОУ «${feminine} средняя общеобразовательная школа»`, `${feminine} СОШ`);
    }
    if (second-- > 0) {
      const garden = random.pick(KINDERGARTEN_NAMES);
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
  const [male, fem] = random.pick(PATRONYMICS);
  return {
    lastName: surname(random.pick(SURNAMES), female),
    firstName: random.pick(female ? FEMALE_FIRST : MALE_FIRST),
    middleName: female ? fem : male,
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

const POSITIONS_BY_KIND: Record<Kind, [string, number][]> = {
  school: [
    ['учитель', 80],
    ['педагог-психолог', 4],
    ['социальный педагог', 3],
    ['учитель-логопед', 3],
    ['педагог-организатор', 3],
    ['советник директора по воспитанию и взаимодействию с детскими общественными объединениями', 2],
    ['педагог-библиотекарь', 2],
    ['заместитель руководителя', 3],
  ],
  gymnasium: [],
  lyceum: [],
  kindergarten: [
    ['воспитатель', 70],
    ['старший воспитатель', 8],
    ['музыкальный руководитель', 8],
    ['инструктор по физической культуре', 7],
    ['учитель-логопед', 7],
  ],
  extra: [
    ['педагог дополнительного образования', 75],
    ['методист', 15],
    ['концертмейстер', 10],
  ],
  college: [
    ['преподаватель', 75],
    ['мастер производственного обучения', 15],
    ['методист', 10],
  ],
};
POSITIONS_BY_KIND.gymnasium = POSITIONS_BY_KIND.school;
POSITIONS_BY_KIND.lyceum = POSITIONS_BY_KIND.school;

const SUBJECTS: Record<string, [string, number][]> = {
  учитель: [
    ['начальные классы', 20],
    ['русский язык и литература', 15],
    ['математика', 15],
    ['английский язык', 10],
    ['история и обществознание', 7],
    ['физика', 5],
    ['химия', 4],
    ['биология', 5],
    ['география', 4],
    ['информатика', 5],
    ['физическая культура', 6],
    ['музыка', 2],
    ['изобразительное искусство', 2],
    ['труд (технология)', 3],
    ['основы безопасности и защиты Родины', 2],
  ],
  'педагог дополнительного образования': [
    ['робототехника', 3],
    ['хореография', 3],
    ['вокал', 2],
    ['изобразительное искусство', 2],
    ['шахматы', 2],
    ['туризм и краеведение', 1],
    ['театр', 1],
  ],
  преподаватель: [
    ['педагогика и психология', 3],
    ['математика', 2],
    ['информатика', 2],
    ['русский язык и литература', 2],
    ['иностранный язык', 2],
    ['методика начального образования', 2],
  ],
};

const KIND_WEIGHT: Record<Kind, number> = {
  school: 6,
  gymnasium: 6,
  lyceum: 6,
  kindergarten: 3,
  extra: 2,
  college: 4,
};

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
  organizations: ORGANIZATIONS,
  providers: PROVIDERS.length,
  departments: PROVIDERS.reduce((n, p) => n + p.departments.length, 0),
  operators: 1,
  providerAdmins: PROVIDERS.length,
  heads: PROVIDERS.reduce((n, p) => n + p.departments.length, 0),
  managers: PROVIDERS.reduce((n, p) => n + p.departments.reduce((m, d) => m + d.managers, 0), 0),
  methodists: METHODISTS.length,
  teachers: TEACHERS,
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
  const daysAgo = (days: number) =>
    new Date(now.getTime() - days * 86_400_000 - random.int(0, 86_399) * 1000);

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
          return { providerId: providerIds.get(d.provider)!, name: d.name, createdAt: at, updatedAt: at };
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
      const admin = `admin.${p.code}`;
      account(admin, person(random, 0.6), random.int(200, 300));
      grants.push({ login: admin, role: 'provider_admin', providerId: providerIds.get(p.code)! });
      for (const d of p.departments) {
        const departmentId = departmentIds.get(d.code)!;
        account(`head.${d.code}`, person(random, 0.7), random.int(150, 250));
        grants.push({ login: `head.${d.code}`, role: 'head', departmentId });
        for (let m = 1; m <= d.managers; m++) {
          const login = `manager${m === 1 ? '' : m}.${d.code}`;
          account(login, person(random, 0.8), random.int(60, 150));
          grants.push({ login, role: 'manager', departmentId });
        }
      }
    }
    for (const [territory, code] of METHODISTS) {
      const login = `methodist.${code}`;
      account(login, person(random, 0.85), random.int(100, 300));
      grants.push({ login, role: 'methodist', territoryId: territoryId.get(territory)! });
    }

    // Teachers: the first, with the memorable login, works at a school of Perm.
    const taken = new Set<string>();
    const weights = plans.map((o) => KIND_WEIGHT[o.kind]);
    const profiles: {
      login: string;
      organizationId: number;
      position: string;
      subject: string | null;
      personal: PersonalData;
    }[] = [];
    // Personal data for documents, from a PRNG of its own (names stay as they were).
    const personalRandom = new Random(20261126);
    const firstSchool = plans.findIndex((o) => o.territory === METHODISTS[0]![0] && o.kind === 'school');
    for (let i = 0; i < TEACHERS; i++) {
      const index = i === 0 ? firstSchool : random.weighted(weights);
      const plan = plans[index]!;
      const p = person(random, plan.kind === 'kindergarten' ? 0.97 : 0.82);
      const login = i === 0 ? DEMO_LOGINS.teacher : emailLogin(p, taken);
      account(login, p, random.int(1, 720));
      grants.push({ login, role: 'teacher' });
      const choices = POSITIONS_BY_KIND[plan.kind].filter(([name]) => positions.has(name));
      const position =
        i === 0 ? 'учитель' : choices.length ? random.weightedPick(choices) : [...positions][0]!;
      const subjects = SUBJECTS[position];
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
    // Applications in every state over the demo courses, from a PRNG of their own.
    await seedApplications(trx, now, new Random(20261127));
    // Threads between methodist.perm and manager.doo about the department's courses.
    await seedConversations(trx, now);

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
