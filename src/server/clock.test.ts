import { describe, expect, it } from 'vitest';
import { regionDate, shiftDate } from './clock.js';

describe('the region’s calendar (Perm, UTC+5)', () => {
  it('turns the date at 19:00 UTC, midnight in Perm, whatever the server’s zone', () => {
    expect(regionDate(new Date('2026-03-01T18:59:59.999Z'))).toBe('2026-03-01');
    expect(regionDate(new Date('2026-03-01T19:00:00Z'))).toBe('2026-03-02');
    expect(regionDate(new Date('2026-12-31T19:00:00Z'))).toBe('2027-01-01');
    expect(regionDate(new Date('2026-06-15T02:00:00+05:00'))).toBe('2026-06-15');
  });

  it('shifts dates across months and years, a missing day ending on the month’s last', () => {
    expect(shiftDate('2026-02-28', 1, 'day')).toBe('2026-03-01');
    expect(shiftDate('2026-01-01', -1, 'day')).toBe('2025-12-31');
    expect(shiftDate('2024-02-29', -16, 'year')).toBe('2008-02-29');
    expect(shiftDate('2024-02-29', -1, 'year')).toBe('2023-02-28');
    expect(shiftDate('2026-01-31', 1, 'month')).toBe('2026-02-28');
  });
});
