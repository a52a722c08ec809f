// The public catalog: the courses that have been published, searched and filtered by anyone, one
// course's page and its schedule as a calendar. Reading only, no login; what it shows is written
// by programs/ and courses/ (which keep the search vectors fresh through search.ts).
import type { CatalogQuery } from '../../contract/catalog.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import { NotFound } from '../http/errors.js';
import { courseCalendar } from './ical.js';
import { findListed } from './listing.js';
import { programOf } from './present.js';
import * as q from './queries.js';

/**
 * The region's date, worked out once a minute rather than on every uncached visit (date
 * arithmetic was a visible share of a page's Node time). The region's offset is whole hours, so
 * its midnight never falls inside a minute: every instant of a minute has the same date.
 */
let lastDay = { minute: Number.NaN, date: '' };
function today(ctx: Ctx) {
  const at = ctx.now();
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastDay.minute) lastDay = { minute, date: regionDate(at) };
  return lastDay.date;
}

/** A page of the catalog: from the process's copy (listing.ts), else by the database's statement. */
export async function findCatalogCourses(ctx: Ctx, query: CatalogQuery) {
  const { distance, open, ...rest } = query;
  const filter = {
    ...rest,
    distance: distance === undefined ? undefined : distance === 'true',
    open: open === 'true',
  };
  const day = today(ctx);
  return (await findListed(ctx.db, day, filter)) ?? q.findCatalogCourses(ctx.db, day, filter);
}

/** The public course page, in one statement whatever its size. */
export async function getCatalogCourse(ctx: Ctx, id: number) {
  const card = await q.getPublicCourse(ctx.db, id, today(ctx));
  if (!card) throw new NotFound('Курс не найден');
  return card;
}

export async function getCourseCalendar(ctx: Ctx, id: number) {
  const { row, schedule } = await getCatalogCourse(ctx, id);
  return courseCalendar({
    id: row.id,
    title: programOf(row).title,
    place: row.place,
    distanceUrl: row.distanceUrl,
    providerName: row.providerName,
    updatedAt: row.updatedAt,
    schedule,
  });
}
