// A change's values as the operator reads them on the page and in the spreadsheet.
import { describe, expect, it } from 'vitest';
import { auditSideText, auditValueText } from './audit-labels.js';

const names = { territoryId: new Map([['18', 'Кочёвский муниципальный округ']]) };

describe('auditValueText', () => {
  it('names a record a change refers to, or gives its number when the name is unknown', () => {
    expect(
      auditValueText(
        [
          { places: 5, territoryId: 18 },
          { places: 3, territoryId: 7 },
        ],
        'quotas',
        'course',
        names,
      ),
    ).toBe('Территория: Кочёвский муниципальный округ, Мест: 5; Территория: № 7, Мест: 3');
    expect(
      auditValueText(
        [
          { role: 'methodist', territoryId: 18 },
          { role: 'manager', departmentId: 4 },
        ],
        'roles',
        'user',
        names,
      ),
    ).toBe('Методист (Кочёвский муниципальный округ); Руководитель курсов (подразделение № 4)');
  });

  it('writes codes in words, dates as a Russian reader does, long lists of numbers shortened', () => {
    expect(auditValueText('published', 'status', 'course')).toBe('Идёт приём заявок');
    expect(auditValueText('waitlisted', 'to', 'application')).toBe('В резерве');
    expect(auditValueText('2026-12-14', 'startsOn')).toBe('14.12.2026');
    expect(auditValueText(true, 'distance')).toBe('да');
    const ids = Array.from({ length: 23 }, (_, i) => i + 1);
    expect(auditValueText(ids, 'applicationIds')).toBe(
      '№ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 и ещё 3',
    );
    expect(auditValueText(null)).toBe('—');
  });

  it('writes a whole side of a change a field a line', () => {
    expect(auditSideText({ name: 'Кафедра', territoryId: 18 }, 'organization', names)).toBe(
      'Название: Кафедра\nТерритория: Кочёвский муниципальный округ',
    );
    expect(auditSideText(null, 'course')).toBe('');
  });
});
