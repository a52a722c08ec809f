// The catalog answered from the process's copy (listing.ts) is the database's own answer, byte for
// byte, for every kind of search the catalog takes, over the demo's catalog; and the copy follows
// every committed change of what a list shows (the database answering while it is read again), while
// places are read afresh on every page.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { testApp } from '../../../test/app.js';
import { regionDate } from '../clock.js';
import { seedDemo } from '../demo/seed.js';
import { findListed } from './listing.js';
import { type CatalogFilter, findCatalogCourses } from './queries.js';
import { refreshSearchVectors } from './search.js';

const t = await testApp();
const today = regionDate(t.clock());

beforeAll(() => seedDemo(t.ctx), 180_000);

type Answer = { items: { id: string; title: string; placesLeft: number }[]; total: number };

/** Both answers of a filter; the copy's must exist (not left to the database). */
async function both(filter: CatalogFilter) {
  const copy = await findListed(t.db, today, filter);
  const database = await findCatalogCourses(t.db, today, filter);
  expect(copy, JSON.stringify(filter)).toBeDefined();
  return { copy: copy as string, database };
}

// Words as people type them: forms of title words, several words, a phrase, `or`, an excluded
// word, place names in other forms, stop words only, a hyphenated word, a word found nowhere.
const SEARCHES = [
  'математика',
  'учителей математики',
  'методика преподавания',
  'дошкольного образования',
  '"функциональной грамотности"',
  '"методика преподавания математики"',
  'ОГЭ or ЕГЭ',
  'дошкольников or детей',
  'педагогика -дошкольного',
  'методика -математики -языку',
  'Пермь',
  'Пермского края',
  'Кунгур',
  'и по в',
  'естественно-научная',
  'грамотность урок',
  'ФГОС',
  'информатика олимпиада',
  'языку',
  'квантовая криптография',
];

describe('the catalog from the process copy', () => {
  it('answers every search, filter, order and page exactly as the database does', async () => {
    const [program] = await sql<{ form: string; kind: string; departmentId: number; providerId: number }>`
      SELECT p.form, p.kind, p.department_id AS "departmentId", d.provider_id AS "providerId"
        FROM programs p JOIN departments d ON d.id = p.department_id ORDER BY p.id LIMIT 1`
      .execute(t.db)
      .then((r) => r.rows);
    const [position] = await sql<{ id: number; name: string }>`
      SELECT pos.id, pos.name FROM positions pos JOIN program_positions pp ON pp.position_id = pos.id
       GROUP BY pos.id ORDER BY count(*) DESC, pos.id LIMIT 1`
      .execute(t.db)
      .then((r) => r.rows);
    expect(program && position).toBeTruthy();
    const filters: Omit<CatalogFilter, 'q'>[] = [
      { limit: 20, offset: 0 },
      { limit: 5, offset: 3 },
      { limit: 100, offset: 0, sort: 'applyUntil' },
      { limit: 7, offset: 0, sort: 'startsOn' },
      { limit: 20, offset: 0, sort: 'relevance', open: true },
      { limit: 20, offset: 0, form: program?.form as CatalogFilter['form'] },
      { limit: 20, offset: 0, kind: program?.kind as CatalogFilter['kind'], distance: false },
      { limit: 20, offset: 0, providerId: program?.providerId },
      { limit: 20, offset: 0, departmentId: program?.departmentId },
      { limit: 20, offset: 0, from: today, to: '2027-12-31' },
      { limit: 20, offset: 0, positionId: position?.id },
      { limit: 20, offset: 0, position: position?.name.toUpperCase() },
      { limit: 20, offset: 500 },
    ];
    let found = 0;
    let compared = 0;
    for (const q of [undefined, ...SEARCHES]) {
      for (const filter of filters) {
        const { copy, database } = await both({ ...filter, q });
        expect(copy, JSON.stringify({ ...filter, q })).toBe(database);
        compared++;
        if ((JSON.parse(copy) as Answer).items.length > 0) found++;
      }
    }
    // Not a comparison of empty pages: most searches find courses.
    expect(found).toBeGreaterThan(compared / 2);
    // The ranked order differs from the order by start date, so relevance is really compared.
    const ranked = JSON.parse(
      (await both({ q: 'методика преподавания', limit: 100, offset: 0 })).copy,
    ) as Answer;
    const byStart = JSON.parse(
      (await both({ q: 'методика преподавания', limit: 100, offset: 0, sort: 'startsOn' })).copy,
    ) as Answer;
    expect(ranked.total).toBeGreaterThan(2);
    expect(ranked.items.map((i) => i.id)).not.toEqual(byStart.items.map((i) => i.id));
  });

  it("tells the running courses past their last day by the region's date, as the database does", async () => {
    type Listed = { id: string; status: string; endsOn: string; studyEnded: boolean };
    const items: Listed[] = [];
    for (let offset = 0; ; offset += 100) {
      const { copy, database } = await both({ limit: 100, offset, sort: 'startsOn' });
      expect(copy).toBe(database);
      const page = JSON.parse(copy) as { items: Listed[] };
      items.push(...page.items);
      if (page.items.length < 100) break;
    }
    const over = items.filter((i) => i.studyEnded);
    // The demo holds running courses both before and past their last day.
    expect(over.length).toBeGreaterThan(0);
    expect(items.some((i) => i.status === 'running' && !i.studyEnded)).toBe(true);
    for (const i of items) expect(i.studyEnded, i.id).toBe(i.status === 'running' && i.endsOn < today);
  });

  it('leaves free places of a territory to the database', async () => {
    const [territory] = await t.db.selectFrom('territories').select('id').limit(1).execute();
    expect(
      await findListed(t.db, today, { limit: 20, offset: 0, territoryId: territory?.id }),
    ).toBeUndefined();
  });

  it('shows a committed change of a program at once, and places taken without reading the copy again', async () => {
    const version = async () =>
      (await sql<{ version: string }>`SELECT version::text FROM catalog_version`.execute(t.db)).rows[0]
        ?.version;
    const search = (q: string) =>
      t.request(null, { method: 'GET', url: `/api/v1/catalog?q=${encodeURIComponent(q)}&limit=100` });
    const [course] = await t.db
      .selectFrom('courses')
      .where('status', '=', 'published')
      .select(['id', 'programId', 'capacity'])
      .orderBy('id')
      .limit(1)
      .execute();
    if (!course) throw new Error('no published course');
    expect((await search('гидропоника')).json()).toMatchObject({ total: 0 });

    // One transaction that writes several rows moves the version once.
    const before = await version();
    await t.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('programs')
        .set({ title: 'Гидропоника в школьной теплице' })
        .where('id', '=', course.programId)
        .execute();
      await refreshSearchVectors(trx, { programIds: [course.programId] });
    });
    expect(Number(await version())).toBe(Number(before) + 1);
    // The copy read before it answers nothing: the database's statement does, while a fresh copy is read.
    const hydroponics: CatalogFilter = { q: 'гидропоники', limit: 100, offset: 0 };
    expect(await findListed(t.db, today, hydroponics)).toBeUndefined();
    const found = (await search('гидропоники')).json() as Answer;
    expect(found.items.map((i) => [Number(i.id), i.title])).toContainEqual([
      course.id,
      'Гидропоника в школьной теплице',
    ]);

    await vi.waitFor(async () => expect(await findListed(t.db, today, hydroponics)).toBeDefined());
    expect(await findListed(t.db, today, hydroponics)).toBe(
      await findCatalogCourses(t.db, today, hydroponics),
    );

    // A place taken (the kept counts) shows on the next page; the version does not move.
    const placesOf = async () =>
      ((await search('гидропоники')).json() as Answer).items.find((i) => Number(i.id) === course.id)
        ?.placesLeft;
    const left = await placesOf();
    const moved = await version();
    const [application] = await t.db
      .selectFrom('applications')
      .where('courseId', '=', course.id)
      .where('status', '=', 'submitted')
      .select('id')
      .limit(1)
      .execute();
    if (!application) throw new Error('no submitted application of the course');
    await t.db
      .updateTable('applications')
      .set({ status: 'forwarded' })
      .where('id', '=', application.id)
      .execute();
    expect(await placesOf()).toBe(Math.max((left ?? 0) - 1, 0));
    expect(await version()).toBe(moved);
  });
});
