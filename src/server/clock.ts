// The one clock of the Bank. EBPPK_NOW sets the instant the clock starts at; it then runs on in
// real time, so a demonstration or an outside test can stand on any day of a course's life.
// Every use case, job and deadline reads time through a Clock, never through `new Date()`.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);

export type Clock = () => Date;

export function startClock(startAt?: Date): Clock {
  if (!startAt) return () => new Date();
  const offset = startAt.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

/** A clock that stands still until moved: for tests. */
export function fixedClock(at: Date): Clock & { set(to: Date): void; advance(ms: number): void } {
  let now = at.getTime();
  const clock = () => new Date(now);
  clock.set = (to: Date) => {
    now = to.getTime();
  };
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

/** The region's offset from UTC in minutes: Perm keeps UTC+5 all year (no summer time since 2014). */
const REGION_OFFSET = 5 * 60;

/** The instant moved by the region's offset: its UTC fields read as the region's wall clock (for a spreadsheet's cell). */
export const regionWallTime = (at: Date): Date => new Date(at.getTime() + REGION_OFFSET * 60_000);

/** The calendar date (YYYY-MM-DD) of an instant in the region's time zone (Perm, UTC+5). */
export function regionDate(at: Date): string {
  // The region keeps no summer time: its date is the UTC date of the instant moved by the offset
  // (asked for on every request, so without a date library).
  return regionWallTime(at).toISOString().slice(0, 10);
}

/**
 * The calendar date (YYYY-MM-DD) `n` days, months or years from `date`; a month that lacks the day
 * ends on its last day (29 February a year on is 28 February).
 */
export function shiftDate(date: string, n: number, unit: 'day' | 'month' | 'year'): string {
  return dayjs.utc(date).add(n, unit).format('YYYY-MM-DD');
}
