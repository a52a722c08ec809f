// The catalog scenarios of the benchmark: 400 searches built from Russian word forms (with no
// form filter or one of the three) and 400 course pages over random published courses.
import type { Database } from '../src/server/db/database.js';

// Word forms that differ from the generated titles and topics («учителей математики» for
// «Учитель математики…»), so that morphology does the matching.
export const SEARCHES = [
  'учителей математики',
  'учителю физики',
  'преподавателей информатики',
  'функциональной грамотности',
  'цифровых технологий',
  'подготовке к ГИА',
  'инклюзивному образованию',
  'проектной деятельности',
  'наставничества молодых педагогов',
  'оцениванию результатов',
  'одарёнными детьми',
  'воспитательной работы',
  'английскому языку',
  'начальных классах',
  'современные уроки',
  'индивидуальных маршрутов',
];
const FORMS = [undefined, 'full_time', 'mixed', 'extramural'];

/** The search and course page paths, drawn with `rnd` (search first, then pages). */
export async function catalogPaths(db: Database, rnd: () => number) {
  const pick = <T>(values: readonly T[]) => values[Math.floor(rnd() * values.length)] as T;
  const search = Array.from({ length: 400 }, () => {
    const params = new URLSearchParams({ q: pick(SEARCHES) });
    const form = pick(FORMS);
    if (form) params.set('form', form);
    params.set('limit', '20');
    return `/api/v1/catalog?${params}`;
  });
  const published = await db
    .selectFrom('courses')
    .where('publishedAt', 'is not', null)
    .where('status', 'in', ['published', 'closed', 'running'])
    .select('id')
    .execute();
  if (published.length === 0) throw new Error('нет опубликованных курсов');
  const page = Array.from({ length: 400 }, () => `/api/v1/catalog/${pick(published).id}`);
  return { search, page };
}
