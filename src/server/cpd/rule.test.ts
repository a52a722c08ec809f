import { describe, expect, it } from 'vitest';
import { dueOnOf, ruleOf } from './rule.js';

describe('the three-year rule', () => {
  const today = '2026-11-25';

  it('is overdue with no completed course at all', () => {
    expect(ruleOf(null, today)).toEqual({ rule: 'overdue', dueOn: null });
  });

  it('is due on the last day of the three years, overdue the day after', () => {
    expect(ruleOf('2023-11-25', today)).toEqual({ rule: 'due', dueOn: '2026-11-25' });
    expect(ruleOf('2023-11-24', today)).toEqual({ rule: 'overdue', dueOn: '2026-11-24' });
  });

  it('is due when the three years end within six months, ok the day after that', () => {
    expect(ruleOf('2024-05-25', today)).toEqual({ rule: 'due', dueOn: '2027-05-25' });
    expect(ruleOf('2024-05-26', today)).toEqual({ rule: 'ok', dueOn: '2027-05-26' });
  });

  it('ends three years after 29 February on 28 February', () => {
    expect(dueOnOf('2024-02-29')).toBe('2027-02-28');
  });
});
