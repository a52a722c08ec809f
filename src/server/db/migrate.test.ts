// Migrations over an earlier release's schema with data in it: the new columns are filled from
// what was there.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCourse, buildUser } from '../../../test/factories.js';
import { openDatabase, pgliteOptions } from './database.js';
import { migrateToLatest } from './migrate.js';

const handle = await openDatabase({ pglite: await PGlite.create(pgliteOptions()) });
afterAll(() => handle.close());

describe('0008_basket_order', () => {
  it("gives every application its course's department", async () => {
    const { db } = handle;
    await migrateToLatest(db, '0007_notifications');
    const course = await buildCourse(db, { status: 'published' });
    const teacher = await buildUser(db);
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
