// An import of teachers and organizations, applied in the background: its one transaction may
// take a while for a big file, so it runs outside the claiming transaction (`work`), and the
// import's own row records how it went (teachers/import.ts).
import { z } from '../../../contract/zod.js';
import { IMPORT_JOB_KIND, runImport } from '../../teachers/import.js';
import { defineJob } from '../queue.js';

export const importTeachersJob = defineJob({
  kind: IMPORT_JOB_KIND,
  payload: z.object({ importId: z.string(), base: z.string(), actorId: z.number() }),
  // A process stopped midway committed nothing; the next claim, once the lease has passed, starts over.
  maxAttempts: 2,
  work: async ({ ctx }, payload) => runImport(ctx, payload),
});
