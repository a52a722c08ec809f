// The builders of the course's documents on shapes the demo rarely has: a long course whose
// attendance grid runs over pages, several groups in one order, a provider card without signatories.
import { describe, expect, it } from 'vitest';
import { docxText, pdfText } from '../../../test/documents.js';
import type { CourseDocumentsData } from './lists.js';
import { renderEnrolmentOrder } from './orders.js';
import { renderAttendanceSheet } from './sheets.js';

const days = Array.from({ length: 30 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);

const member = (applicationId: number, lastName: string, groupNumber: string) => ({
  applicationId,
  status: 'enrolled' as const,
  reason: null,
  lastName,
  firstName: 'Анна',
  middleName: null,
  organization: 'МАОУ «СОШ № 1»',
  territory: 'Округ',
  position: 'учитель',
  groupNumber,
  documentNumber: null,
  documentKind: null,
});

const data: CourseDocumentsData = {
  course: {
    id: 1,
    departmentId: 1,
    providerId: 1,
    departmentName: 'Отдел',
    startsOn: days[0] ?? '',
    endsOn: days.at(-1) ?? '',
    funding: 'budget',
    program: { title: 'Долгая программа', kind: 'retraining', hours: 260, form: 'mixed' },
  },
  provider: {
    name: 'Институт',
    shortName: null,
    address: null,
    city: null,
    licenseNumber: 'Л035-1',
    licenseDate: '2020-01-15',
    inn: null,
    ogrn: null,
    numberTemplate: '{year}-{seq}',
    blankSeries: null,
    signatories: [],
  },
  groups: ['А-1', 'А-2'],
  members: [member(1, 'Белова', 'А-1'), member(2, 'Андреева', 'А-2')],
  days,
  marks: new Map([[1, new Map(days.map((d) => [d, 'present' as const]))]]),
};

describe('course documents on unusual shapes', () => {
  it('a grid of 30 days runs over two pages, the totals on the last', async () => {
    const { text, pages } = await pdfText(await renderAttendanceSheet(data));
    expect(pages).toBe(2);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('01.10');
    expect(flat).toContain('30.10');
    expect(flat).toContain(
      'профессиональной переподготовки «Долгая программа», 260 ч., форма обучения — очно-заочная',
    );
    // Белова was present every day: 30 on the last page's totals.
    expect(flat).toMatch(/Белова Анна[+ ]+3000/);
  });

  it('an order of several groups names each learner’s group; no signatories leaves a line to sign', async () => {
    const text = docxText(await renderEnrolmentOrder(data));
    expect(text).toContain('(группы № А-1, А-2)');
    expect(text).toContain('профессиональной переподготовки «Долгая программа»');
    const rows = text.split('\n').filter((l) => l.includes(' | '));
    expect(rows).toEqual([
      '№ | Фамилия, имя, отчество | Организация | Должность | Группа',
      '1 | Белова Анна | МАОУ «СОШ № 1» | учитель | А-1',
      '2 | Андреева Анна | МАОУ «СОШ № 1» | учитель | А-2',
      'Руководитель | ____________________ | ',
    ]);
  });
});
