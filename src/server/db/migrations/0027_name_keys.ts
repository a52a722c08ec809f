// The name orders of the baskets (0023) compare the names' bytes, where Ё (U+0401) comes before А
// and ё after я: «Ёлкина» headed a list sorted by teacher. Russian dictionaries order Ё with Е, so
// the keys now hold Е in its place; the names themselves are unchanged.
import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.js';

const yo = (text: string) => `translate(${text}, 'Ёё', 'Ее')`;
const teacherKey = (u: string) =>
  yo(`${u}.last_name || E'\\x01' || ${u}.first_name || E'\\x01' || coalesce(${u}.middle_name, '')`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE OR REPLACE FUNCTION application_sort_keys() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       SELECT ${teacherKey('u')} INTO NEW.teacher_key FROM users u WHERE u.id = NEW.teacher_id;
       SELECT ${yo('o.name')} INTO NEW.organization_key FROM organizations o WHERE o.id = NEW.organization_id;
       RETURN NEW;
     END
     $$`,
    `CREATE OR REPLACE FUNCTION users_application_key() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE applications SET teacher_key = ${teacherKey('NEW')} WHERE teacher_id = NEW.id;
       RETURN NULL;
     END
     $$`,
    `CREATE OR REPLACE FUNCTION organizations_application_key() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE applications SET organization_key = ${yo('NEW.name')} WHERE organization_id = NEW.id;
       RETURN NULL;
     END
     $$`,
    // Only the keys that hold the letter change (an UPDATE of the keys alone fires no trigger).
    `UPDATE applications SET teacher_key = ${yo('teacher_key')} WHERE teacher_key ~ '[Ёё]'`,
    `UPDATE applications SET organization_key = ${yo('organization_key')} WHERE organization_key ~ '[Ёё]'`,
  ]);
}
