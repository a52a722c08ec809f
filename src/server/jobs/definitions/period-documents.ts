// A provider's documents for a period (the register, the FRDO file, every document in one PDF),
// made for the user who asked, with progress: a period may hold thousands of documents.
import { PERIOD_FILES } from '../../../contract/certificates.js';
import { z } from '../../../contract/zod.js';
import { makePeriodFile } from '../../certificates/period.js';
import { defineUserJob } from '../progress.js';

export const periodDocumentsJob = defineUserJob({
  kind: 'certificates.period_file',
  payload: z.object({
    title: z.string(),
    link: z.string(),
    providerId: z.number().int(),
    departmentIds: z.array(z.number().int()),
    from: z.string(),
    to: z.string(),
    file: z.enum(PERIOD_FILES),
    origin: z.string(),
  }),
  make: async ({ ctx, progress }, input) => makePeriodFile(ctx, input, progress),
});
