// The one clock of the Bank. EBPPK_NOW sets the instant the clock starts at; it then runs on in
// real time, so a demonstration or an outside test can stand on any day of a course's life.
// Every use case, job and deadline reads time through a Clock, never through `new Date()`.
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

/** The calendar date (YYYY-MM-DD) of an instant in the region's time zone (Perm, UTC+5). */
export function regionDate(at: Date): string {
  return new Date(at.getTime() + 5 * 3600_000).toISOString().slice(0, 10);
}
