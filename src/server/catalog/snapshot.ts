// The program as a finished course keeps showing it: frozen into the course when it finishes,
// whichever way it finishes (the periodic job, or the last result recorded after the end date).
import { sql } from 'kysely';

/** The program as a finished course keeps showing it. */
export const programSnapshotSql = sql<string>`(
  SELECT jsonb_build_object(
    'title', p.title, 'annotation', p.annotation, 'hours', p.hours, 'kind', p.kind, 'form', p.form,
    'distance', p.distance, 'subjects', to_jsonb(p.subjects), 'plannedResults', p.planned_results,
    'targetPositions', coalesce((
      SELECT jsonb_agg(pos.name ORDER BY pos.sort_order, pos.name)
        FROM program_positions pp JOIN positions pos ON pos.id = pp.position_id
       WHERE pp.program_id = p.id), '[]'::jsonb))
  FROM programs p WHERE p.id = courses.program_id)`;
