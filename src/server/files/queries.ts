// Kysely queries of attached files: their owners (a program or a course) as the owner's policy
// judges them, locked for a change of their files; storing and removing a file; a file with what
// decides who may download it.
import { type SqlBool, sql } from 'kysely';
import type { Database } from '../db/database.js';

/** What a file belongs to. */
export type FileOwner = { kind: 'program' | 'course'; id: number };

// File contents cross the driver as base64 text, decoded and encoded by the database: PGlite
// converts a bytea parameter or result byte by byte in JavaScript (a 20 MB file took ~20 s to
// store), while text passes in one piece; PostgreSQL does not mind either way.
const bytesFromBase64 = (base64: string) => sql<Uint8Array>`decode(${base64}, 'base64')`;

/** A program with what its policy needs, locked against a concurrent change of its files. */
export const lockProgram = (db: Database, id: number) =>
  db
    .selectFrom('programs as p')
    .innerJoin('departments as d', 'd.id', 'p.departmentId')
    .where('p.id', '=', id)
    .select(['p.departmentId', 'd.providerId'])
    .forUpdate(['p'])
    .executeTakeFirst();

/** A course with what its policy and lifecycle need, locked against a concurrent change. */
export const lockCourse = (db: Database, id: number) =>
  db
    .selectFrom('courses as c')
    .innerJoin('departments as d', 'd.id', 'c.departmentId')
    .where('c.id', '=', id)
    .select(['c.departmentId', 'd.providerId', 'c.publishedAt', 'c.status'])
    .forUpdate(['c'])
    .executeTakeFirst();

const column = (owner: FileOwner) => (owner.kind === 'course' ? 'courseId' : 'programId');

/** Stores a checked upload for its owner. */
export const insertFile = (
  db: Database,
  owner: FileOwner,
  file: {
    name: string;
    title: string | null;
    contentType: string;
    content: Buffer;
    sha256: string;
    uploadedBy: number;
    createdAt: Date;
  },
) =>
  db
    .insertInto('files')
    .values({
      courseId: owner.kind === 'course' ? owner.id : null,
      programId: owner.kind === 'program' ? owner.id : null,
      name: file.name,
      title: file.title,
      contentType: file.contentType,
      size: file.content.length,
      sha256: file.sha256,
      content: bytesFromBase64(file.content.toString('base64')),
      uploadedBy: file.uploadedBy,
      createdAt: file.createdAt,
    })
    .returning(['id', 'name', 'title', 'contentType', 'size', 'createdAt'])
    .executeTakeFirstOrThrow();

/** Removes a file of the owner (none when the id is another owner's or unknown). */
export const deleteFile = (db: Database, owner: FileOwner, fileId: number) =>
  db
    .deleteFrom('files')
    .where('id', '=', fileId)
    .where(column(owner), '=', owner.id)
    .returning(['id', 'name', 'title', 'contentType', 'size'])
    .executeTakeFirst();

/** A change of a course's files is a change of the course (its card's `updatedAt`). */
export const touchCourse = (db: Database, id: number, now: Date) =>
  db.updateTable('courses').set({ updatedAt: now }).where('id', '=', id).execute();

/** A file with what decides who may download it: its owner's department and whether it is public. */
export const fileForDownload = (db: Database, id: number) =>
  db
    .selectFrom('files as f')
    .leftJoin('courses as c', 'c.id', 'f.courseId')
    .leftJoin('programs as p', 'p.id', 'f.programId')
    .innerJoin('departments as d', (join) =>
      join.on(sql<SqlBool>`d.id = coalesce(c.department_id, p.department_id)`),
    )
    .where('f.id', '=', id)
    .select([
      'f.id',
      'f.name',
      'f.contentType',
      'f.size',
      sql<string>`encode(f.content, 'base64')`.as('content'),
      'f.courseId',
      'f.programId',
      'd.id as departmentId',
      'd.providerId',
      'c.publishedAt',
      // A program's files are public once one of its courses has been published.
      sql<boolean>`CASE WHEN f.course_id IS NOT NULL THEN c.published_at IS NOT NULL
        ELSE EXISTS (SELECT 1 FROM courses pc WHERE pc.program_id = f.program_id AND pc.published_at IS NOT NULL) END`.as(
        'public',
      ),
    ])
    .executeTakeFirst();
