// Migrations over an earlier release's schema with data in it: the new columns are filled from
// what was there.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildApplication,
  buildCourse,
  buildOrganization,
  buildProgram,
  buildTerritory,
  buildUser,
} from '../../../test/factories.js';
import type { Database } from './database.js';
import { openDatabase, pgliteOptions } from './database.js';
import { migrateToLatest } from './migrate.js';

const handle = await openDatabase({ pglite: await PGlite.create(pgliteOptions()) });
afterAll(() => handle.close());

/** Runs `test` on a database of its own migrated up to `release` (an earlier release's schema). */
async function onEarlierRelease(release: string, test: (db: Database) => Promise<void>) {
  const earlier = await openDatabase({ pglite: await PGlite.create(pgliteOptions()) });
  try {
    await migrateToLatest(earlier.db, release);
    await test(earlier.db);
  } finally {
    await earlier.close();
  }
}

/**
 * A published course written as an earlier release wrote it: the factory's course keeps the
 * current release's columns up to date, which an earlier schema does not have.
 */
async function earlierCourse(db: Database, program: { title?: string; annotation?: string } = {}) {
  const { id: programId, departmentId } = await buildProgram(db, program);
  const { rows } = await sql<{ id: number; departmentId: number }>`
    INSERT INTO courses (program_id, department_id, starts_on, ends_on, apply_until, capacity, status,
                         published_at, created_at, updated_at)
    VALUES (${programId}, ${departmentId}, '2026-12-14', '2026-12-16', '2026-12-07', 25, 'published',
            now(), now(), now())
    RETURNING id, department_id AS "departmentId"`.execute(db);
  const course = rows[0];
  if (!course) throw new Error('курс не создан');
  return course;
}

describe('0008_basket_order', () => {
  it("gives every application its course's department", async () => {
    const { db } = handle;
    await migrateToLatest(db, '0007_notifications');
    const course = await earlierCourse(db);
    const teacher = await buildUser(db, { beforeEmailConfirmation: true });
    const at = new Date('2026-11-20T09:00:00Z');
    const { rows } = await sql<{ id: number }>`
      INSERT INTO applications (course_id, teacher_id, territory_id, organization_id, status, created_at, updated_at)
      SELECT ${course.id}, tp.user_id, o.territory_id, o.id, 'submitted', ${at}, ${at}
        FROM teacher_profiles tp JOIN organizations o ON o.id = tp.organization_id
       WHERE tp.user_id = ${teacher.id}
      RETURNING id`.execute(db);
    expect(rows).toHaveLength(1);

    expect(await migrateToLatest(db)).toContain('0008_basket_order');
    const application = await db
      .selectFrom('applications')
      .where('id', '=', rows[0]?.id ?? 0)
      .select('departmentId')
      .executeTakeFirstOrThrow();
    expect(application.departmentId).toBe(course.departmentId);
  });
});

describe('0011_catalog_rank', () => {
  it("gives every course a ranking vector of its program's title and annotation", async () => {
    await onEarlierRelease('0010_catalog_speed', async (db) => {
      const course = await earlierCourse(db, {
        title: 'Учитель математики',
        annotation: 'Курс о межпредметных связях.',
      });
      expect(await migrateToLatest(db)).toContain('0011_catalog_rank');
      const { rows } = await sql<{ title: boolean; annotation: boolean; weights: string }>`
      SELECT rank_vector @@ to_tsquery('russian', 'учителей & математики') AS title,
             rank_vector @@ to_tsquery('russian', 'межпредметная') AS annotation,
             ts_filter(rank_vector, '{a}')::text AS weights
        FROM courses WHERE id = ${course.id}`.execute(db);
      expect(rows[0]).toMatchObject({ title: true, annotation: true });
      // The title's words weigh most.
      expect(rows[0]?.weights).toContain('математик');
      expect(rows[0]?.weights).not.toContain('межпредметн');
    });
  });
});

describe('0016_recovery', () => {
  it('keeps the addresses already in the Bank as confirmed, since it was made', async () => {
    await onEarlierRelease('0015_documents', async (db) => {
      const withEmail = await buildUser(db, { beforeEmailConfirmation: true });
      const staff = await buildUser(db, { beforeEmailConfirmation: true, roles: [{ role: 'operator' }] });
      await db.updateTable('users').set({ email: null }).where('id', '=', staff.id).execute();
      expect(await migrateToLatest(db)).toContain('0016_recovery');
      const rows = await db
        .selectFrom('users')
        .where('id', 'in', [withEmail.id, staff.id])
        .orderBy('id')
        .select(['emailConfirmedAt', 'createdAt'])
        .execute();
      expect(rows[0]?.emailConfirmedAt).toEqual(rows[0]?.createdAt);
      expect(rows[1]?.emailConfirmedAt).toBeNull();
    });
  });
});

describe('0030_catalog_kept_places', () => {
  it('gives every course the places held and learners its applications count', async () => {
    await onEarlierRelease('0029_baskets_course_dates', async (db) => {
      const course = await earlierCourse(db);
      const empty = await earlierCourse(db);
      const statuses = ['submitted', 'forwarded', 'forwarded', 'enrolled', 'completed', 'not_completed'];
      for (const status of statuses) {
        const teacher = await buildUser(db, { beforeEmailConfirmation: true });
        await sql`
        INSERT INTO applications (course_id, department_id, teacher_id, territory_id, organization_id, status,
                                  created_at, updated_at)
        SELECT ${course.id}, ${course.departmentId}, tp.user_id, o.territory_id, o.id, ${status}, now(), now()
          FROM teacher_profiles tp JOIN organizations o ON o.id = tp.organization_id
         WHERE tp.user_id = ${teacher.id}`.execute(db);
      }
      expect(await migrateToLatest(db)).toContain('0030_catalog_kept_places');
      const kept = await db
        .selectFrom('courseCounts')
        .where('courseId', 'in', [course.id, empty.id])
        .orderBy('courseId')
        .select(['placesHeld', 'learnersEnrolled', 'learnersCompleted'])
        .execute();
      expect(kept).toEqual([
        { placesHeld: 3, learnersEnrolled: 3, learnersCompleted: 1 },
        { placesHeld: 0, learnersEnrolled: 0, learnersCompleted: 0 },
      ]);
    });
  });
});

describe('0036_application_items, 0037_basket_count_sums, 0038_application_items_apart', () => {
  it('gives every application its item as a list writes it, in a table of its own, and the kept counts their sums', async () => {
    await onEarlierRelease('0035_basket_items', async (db) => {
      const territories = [await buildTerritory(db, { name: 'Округ «А»' }), await buildTerritory(db)];
      const courses = [
        await buildCourse(db, { status: 'published' }),
        await buildCourse(db, { status: 'published' }),
      ];
      const made: { id: number; teacherId: number; territoryId: number; status: string }[] = [];
      const states = ['submitted', 'forwarded', 'waitlisted', 'rejected', 'enrolled'] as const;
      for (const [i, status] of states.entries()) {
        const territoryId = (territories[i % 2] as { id: number }).id;
        const organizationId = (await buildOrganization(db, { territoryId })).id;
        const teacherId = (await buildUser(db, { organizationId, lastName: `Учитель${i}` })).id;
        const courseId = (courses[i % 2] as { id: number }).id;
        const { id } = await buildApplication(db, { courseId, teacherId, status });
        made.push({ id, teacherId, territoryId, status });
      }
      // The counts as the release before kept them: the deltas folded into the totals by territory, department and state.
      await sql`INSERT INTO application_count_totals (territory_id, department_id, status, n)
              SELECT territory_id, department_id, status, sum(n) FROM application_count_deltas
               GROUP BY territory_id, department_id, status`.execute(db);
      await sql`DELETE FROM application_count_deltas`.execute(db);

      expect((await migrateToLatest(db)).slice(0, 3)).toEqual([
        '0036_application_items',
        '0037_basket_count_sums',
        '0038_application_items_apart',
      ]);
      const { rows } = await sql<{ id: number; listJson: string; listAbilities: string }>`
      SELECT a.id, i.list_json, i.list_abilities
        FROM applications a LEFT JOIN application_items i ON i.application_id = a.id ORDER BY a.id`.execute(
        db,
      );
      expect(rows.map((r) => r.id)).toEqual(made.map((m) => m.id));
      for (const [i, row] of rows.entries()) {
        const m = made[i] as (typeof made)[number];
        expect(JSON.parse(`${row.listJson}}`)).toMatchObject({
          id: String(m.id),
          status: m.status,
          course: { id: String((courses[i % 2] as { id: number }).id), status: 'published' },
          teacher: { id: String(m.teacherId), fullName: `Учитель${i} Мария Петровна` },
          territory: { id: String(m.territoryId) },
        });
        expect(row.listAbilities.startsWith(`${m.status},${m.teacherId},${m.territoryId},published,`)).toBe(
          true,
        );
      }
      // Each kept row, a sum's too, is the live count of what it counts.
      const key = (r: { territoryId: number; departmentId: number; status: string }) =>
        `${r.territoryId}:${r.departmentId}:${r.status}`;
      const live = new Map<string, number>();
      for (const a of await db
        .selectFrom('applications')
        .select(['territoryId', 'departmentId', 'status'])
        .execute())
        for (const territoryId of [a.territoryId, 0])
          for (const departmentId of [a.departmentId, 0]) {
            const k = key({ territoryId, departmentId, status: a.status });
            live.set(k, (live.get(k) ?? 0) + 1);
          }
      const kept = await db.selectFrom('applicationCountTotals').selectAll().execute();
      expect(new Map(kept.map((r) => [key(r), r.n]))).toEqual(live);
    });
  });
});
