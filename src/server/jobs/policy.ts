// Who may follow a job and download what it made: the user who started it, no one else (to anyone
// else it does not exist).
import { ANY_ROLE, definePolicy, rule } from '../access/policy.js';

export const jobPolicy = definePolicy({
  'job.read': rule<{ startedBy: number | null }>(ANY_ROLE, (actor, row) => row.startedBy === actor.userId, {
    missing: 'Задание не найдено',
  }),
});
