// Two things of daily work at a region's scale.
//
// The catalog's search finds a course by its place in any form («Пермь», «Перми», «Пермского
// края»): the place's words, and the same with place adjectives cut to the town's root, join the
// search vector (catalog/search.ts writes it so from now on; this brings the existing courses in).
//
// A basket sorted by teacher or by organization joined every user or organization and sorted the
// whole basket by name on each page: with a region's 35,000 teachers the join read all of them
// (a hash of the whole table) for every page. Each application now keeps its teacher's full name
// and its organization's name as sort keys (byte order: the names' own order, Russian letters in
// alphabetical order, no locale to consult), kept by triggers as names change; with an index per
// basket and key a page of any of these orders is read from an index alone, as the date order is.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

const teacherKey = (u: string) =>
  `${u}.last_name || E'\\x01' || ${u}.first_name || E'\\x01' || coalesce(${u}.middle_name, '')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `UPDATE courses SET search_vector = search_vector || setweight(to_tsvector('russian', place || ' ' ||
       regexp_replace(place, '([[:alpha:]]{3,}?)(ск|цк)(ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими|ым|ых|ыми|ей)\\M', '\\1', 'gi')), 'D')`,

    `ALTER TABLE applications ADD COLUMN teacher_key text COLLATE "C" NOT NULL DEFAULT ''`,
    `ALTER TABLE applications ADD COLUMN organization_key text COLLATE "C" NOT NULL DEFAULT ''`,
    `UPDATE applications a SET teacher_key = ${teacherKey('u')}, organization_key = o.name
       FROM users u, organizations o WHERE u.id = a.teacher_id AND o.id = a.organization_id`,
    `CREATE FUNCTION application_sort_keys() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       SELECT ${teacherKey('u')} INTO NEW.teacher_key FROM users u WHERE u.id = NEW.teacher_id;
       SELECT o.name INTO NEW.organization_key FROM organizations o WHERE o.id = NEW.organization_id;
       RETURN NEW;
     END
     $$`,
    `CREATE TRIGGER applications_sort_keys BEFORE INSERT OR UPDATE OF teacher_id, organization_id
       ON applications FOR EACH ROW EXECUTE FUNCTION application_sort_keys()`,
    `CREATE FUNCTION users_application_key() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE applications SET teacher_key = ${teacherKey('NEW')} WHERE teacher_id = NEW.id;
       RETURN NULL;
     END
     $$`,
    `CREATE TRIGGER users_application_key AFTER UPDATE OF last_name, first_name, middle_name ON users
       FOR EACH ROW WHEN (OLD.last_name IS DISTINCT FROM NEW.last_name OR OLD.first_name IS DISTINCT FROM NEW.first_name
                          OR OLD.middle_name IS DISTINCT FROM NEW.middle_name)
       EXECUTE FUNCTION users_application_key()`,
    `CREATE FUNCTION organizations_application_key() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE applications SET organization_key = NEW.name WHERE organization_id = NEW.id;
       RETURN NULL;
     END
     $$`,
    `CREATE TRIGGER organizations_application_key AFTER UPDATE OF name ON organizations
       FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION organizations_application_key()`,
    // As 0018's indexes by date: the methodist's and the provider's baskets, in each key's order.
    `CREATE INDEX applications_territory_teacher_idx ON applications (territory_id, teacher_key, id)
       INCLUDE (status, organization_id, course_id, teacher_id) WHERE archived_at IS NULL`,
    `CREATE INDEX applications_department_teacher_idx ON applications (department_id, teacher_key, id)
       INCLUDE (status, territory_id, organization_id, course_id, teacher_id) WHERE archived_at IS NULL`,
    `CREATE INDEX applications_territory_organization_idx ON applications (territory_id, organization_key, id)
       INCLUDE (status, organization_id, course_id, teacher_id) WHERE archived_at IS NULL`,
    `CREATE INDEX applications_department_organization_idx ON applications (department_id, organization_key, id)
       INCLUDE (status, territory_id, organization_id, course_id, teacher_id) WHERE archived_at IS NULL`,
  ]);
}
