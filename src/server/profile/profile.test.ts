import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, testApp } from '../../../test/app.js';
import { buildOrganization, buildPosition, buildUser } from '../../../test/factories.js';
import {
  DOCUMENT_FIELDS,
  formatSnils,
  isValidSnils,
  missingForDocuments,
  SNILS_CHECKSUM,
  SNILS_FORMAT,
  snils,
  snilsControl,
} from '../../contract/profile.js';

describe('СНИЛС', () => {
  const checked = fc.integer({ min: 1_001_999, max: 999_999_999 }).map((n) => String(n).padStart(9, '0'));
  const withControl = (first9: string) => `${first9}${String(snilsControl(first9)).padStart(2, '0')}`;

  it('accepts known numbers in both spellings and refuses a wrong control number', () => {
    expect(snils.parse('123-456-789 64')).toBe('12345678964');
    expect(snils.parse('12345678964')).toBe('12345678964');
    expect(snils.parse(' 112-233-445 95 ')).toBe('11223344595');
    expect(isValidSnils('12345678965')).toBe(false);
    // Issued before the control number existed: not checked.
    expect(isValidSnils('00100199800')).toBe(true);
    expect(isValidSnils('00100199900')).toBe(false);
    expect(snils.safeParse('123-456-789 65').error?.issues[0]?.message).toBe(SNILS_CHECKSUM);
    expect(snils.safeParse('123-456-78').error?.issues[0]?.message).toBe(SNILS_FORMAT);
  });

  it('computes 00 for sums of 100 and 101 and for remainders of 100', () => {
    const cases: [first9: string, sum: number, control: number][] = [
      ['100582052', 99, 99],
      ['050234316', 100, 0],
      ['016103396', 101, 0],
      ['136571200', 150, 49],
      ['820981233', 201, 0],
      ['913702858', 202, 0],
    ];
    for (const [first9, sum, control] of cases) {
      expect([...first9].reduce((s, d, i) => s + Number(d) * (9 - i), 0)).toBe(sum);
      expect(snilsControl(first9)).toBe(control);
    }
  });

  it('passes every generated valid number, written either way', () => {
    fc.assert(
      fc.property(checked, (first9) => {
        const digits = withControl(first9);
        expect(isValidSnils(digits)).toBe(true);
        expect(snils.parse(formatSnils(digits))).toBe(digits);
      }),
      { numRuns: 500 },
    );
  });

  it('fails a valid number with one digit changed', () => {
    fc.assert(
      fc.property(
        checked,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (first9, at, by) => {
          const digits = withControl(first9);
          const changed = digits.slice(0, at) + String((Number(digits[at]) + by) % 10) + digits.slice(at + 1);
          // A changed sum cannot reach the same non-zero control number (weights × change < 101); 00
          // stands for several sums, and numbers up to 001-001-998 are not checked at all.
          fc.pre(snilsControl(first9) !== 0 && Number(changed.slice(0, 9)) > 1_001_998);
          expect(isValidSnils(changed)).toBe(false);
          expect(snils.safeParse(changed).success).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('lists diploma data as missing only for a completed education', () => {
    const empty = Object.fromEntries(DOCUMENT_FIELDS.map((f) => [f, null])) as Record<
      (typeof DOCUMENT_FIELDS)[number],
      string | null
    >;
    expect(missingForDocuments(empty)).toEqual([...DOCUMENT_FIELDS]);
    const student = { ...empty, educationLevel: 'higher_in_progress' };
    expect(missingForDocuments(student)).toEqual(['birthDate', 'sex', 'snils']);
    expect(missingForDocuments({ ...student, educationLevel: 'secondary_vocational' })).toEqual([
      'birthDate',
      'sex',
      'snils',
      'diplomaSurname',
      'diplomaSeries',
      'diplomaNumber',
    ]);
  });
});

const t = await testApp();
let teacher: Session;
let teacherId: number;
let organization: Awaited<ReturnType<typeof buildOrganization>>;

const get = (session: Session | null) => t.request(session, { method: 'GET', url: '/api/v1/me/profile' });
const put = (session: Session | null, payload: object) =>
  t.request(session, { method: 'PUT', url: '/api/v1/me/profile', payload });
const stored = () =>
  t.db.selectFrom('teacherProfiles').where('userId', '=', teacherId).selectAll().executeTakeFirstOrThrow();
const audit = () =>
  t.db
    .selectFrom('auditEvents')
    .where('action', '=', 'profile.updated')
    .where('entityId', '=', String(teacherId))
    .orderBy('id')
    .selectAll()
    .execute();

const FULL = {
  birthDate: '1985-04-12',
  sex: 'female',
  snils: '123-456-789 64',
  educationLevel: 'higher',
  diplomaSurname: 'Петрова',
  diplomaSeries: '105924',
  diplomaNumber: '0123456',
};

beforeAll(async () => {
  organization = await buildOrganization(t.db);
  const user = await buildUser(t.db, { organizationId: organization.id });
  teacherId = user.id;
  teacher = await t.login(user.login);
});

describe('GET /me/profile', () => {
  it("shows the teacher's place of work and every document field as missing at first", async () => {
    const res = await get(teacher);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      userId: String(teacherId),
      lastName: 'Иванова',
      organizationId: String(organization.id),
      organizationName: organization.name,
      territoryId: String(organization.territoryId),
      position: 'учитель',
      subject: 'математика',
      birthDate: null,
      snils: null,
      missingForDocuments: [...DOCUMENT_FIELDS],
    });
  });

  it('is for teachers only', async () => {
    const methodist = await buildUser(t.db, {
      roles: [{ role: 'methodist', territoryId: organization.territoryId }],
    });
    const session = await t.login(methodist.login);
    expect((await get(session)).statusCode).toBe(403);
    expect((await put(session, { sex: 'male' })).statusCode).toBe(403);
    expect((await get(null)).statusCode).toBe(401);
    expect((await put(null, { sex: 'male' })).statusCode).toBe(401);
  });
});

describe('PUT /me/profile', () => {
  it('stores the personal data (СНИЛС as digits), audits the change, and has nothing missing after', async () => {
    const res = await put(teacher, FULL);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ...FULL, missingForDocuments: [] });
    expect((await stored()).snils).toBe('12345678964');
    const rows = await audit();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: teacherId, entityType: 'user' });
    expect(rows[0]!.before).toEqual({
      birthDate: null,
      sex: null,
      snils: null,
      educationLevel: null,
      diplomaSurname: null,
      diplomaSeries: null,
      diplomaNumber: null,
    });
    // The audit log names what changed; document numbers appear there masked, in full only in the profile.
    expect(rows[0]!.after).toMatchObject({
      snils: '***-***-*** 64',
      diplomaSeries: '****24',
      diplomaNumber: '*****56',
      birthDate: '1985-04-12',
    });
    expect(JSON.stringify(rows)).not.toMatch(/123-?456-?789|12345678964|105924|0123456/);

    // The same again changes nothing and writes no audit row; the other spelling is the same number.
    expect((await put(teacher, { ...FULL, snils: '12345678964' })).statusCode).toBe(200);
    expect(await audit()).toHaveLength(1);
  });

  it('leaves absent fields as they are and clears a field given as null or empty', async () => {
    const res = await put(teacher, { snils: '', diplomaSeries: null, subject: '' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      birthDate: FULL.birthDate,
      snils: null,
      diplomaSeries: null,
      subject: null,
      missingForDocuments: ['snils', 'diplomaSeries'],
    });
    const last = (await audit()).at(-1)!;
    expect(last.before).toEqual({ snils: '***-***-*** 64', diplomaSeries: '****24', subject: 'математика' });
    expect(last.after).toEqual({ snils: null, diplomaSeries: null, subject: null });
    // A student has no diploma yet: none is asked for.
    const student = await put(teacher, { educationLevel: 'higher_in_progress', snils: '112-233-445 95' });
    expect(student.json().missingForDocuments).toEqual([]);
    await put(teacher, FULL);
  });

  it('changes the place of work within the directories', async () => {
    const other = await buildOrganization(t.db);
    const position = await buildPosition(t.db);
    const res = await put(teacher, { organizationId: String(other.id), position: position.name });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      organizationId: String(other.id),
      organizationName: other.name,
      territoryId: String(other.territoryId),
      position: position.name,
    });
    await put(teacher, { organizationId: organization.id, position: 'учитель' });
  });

  it('refuses bad input with Russian messages per field and changes nothing', async () => {
    const before = await stored();
    const auditBefore = (await audit()).length;
    const cases: [object, number, Record<string, string | RegExp>][] = [
      [{ snils: '123-456-789 65' }, 400, { snils: SNILS_CHECKSUM }],
      [{ snils: '12-34' }, 400, { snils: SNILS_FORMAT }],
      [{ sex: 'm' }, 400, { sex: 'Выберите пол' }],
      [{ educationLevel: 'phd' }, 400, { educationLevel: /уровень образования/ }],
      [{ birthDate: '1985-02-30' }, 400, { birthDate: /ГГГГ-ММ-ДД/ }],
      [{ diplomaNumber: '№ 12/34' }, 400, { diplomaNumber: /буквы, цифры/ }],
      [{ position: '' }, 400, { position: 'Заполните поле' }],
      [{ nickname: 'x' }, 400, { nickname: 'Неизвестное поле' }],
      [{ birthDate: '2010-11-26' }, 422, { birthDate: /не меньше 16 лет/ }],
      [{ birthDate: '1926-11-24' }, 422, { birthDate: /больше 100 лет/ }],
      [{ organizationId: '999999' }, 422, { organizationId: 'Организация не найдена' }],
      [{ position: 'космонавт', snils: '11223344595' }, 422, { position: 'Выберите должность из списка' }],
    ];
    for (const [payload, status, fields] of cases) {
      const res = await put(teacher, payload);
      const label = `${JSON.stringify(payload)} → ${res.body}`;
      expect(res.statusCode, label).toBe(status);
      expect(res.headers['content-type'], label).toContain('application/problem+json');
      const errors = Object.fromEntries(
        (res.json().errors as { field: string; message: string }[]).map((e) => [e.field, e.message]),
      );
      for (const [field, message] of Object.entries(fields))
        expect(errors[field], label).toMatch(
          typeof message === 'string' ? new RegExp(`^${message}$`) : message,
        );
    }
    expect(await stored()).toEqual(before);
    expect(await audit()).toHaveLength(auditBefore);
  });

  it('takes the boundary ages', async () => {
    expect((await put(teacher, { birthDate: '2010-11-25' })).statusCode).toBe(200);
    expect((await put(teacher, { birthDate: '1926-11-25' })).statusCode).toBe(200);
  });
});
