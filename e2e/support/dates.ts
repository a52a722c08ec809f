// Dates a journey sends or types, counted from the region's today (Perm, UTC+5) through the
// server's own clock helpers, as the server counts application deadlines and course dates.
import { regionDate, shiftDate } from '../../src/server/clock';

/** Today in the region, `YYYY-MM-DD`. */
export const regionToday = () => regionDate(new Date());

/** `YYYY-MM-DD`, `days` from the region's today. */
export const inDays = (days: number) => shiftDate(regionToday(), days, 'day');
