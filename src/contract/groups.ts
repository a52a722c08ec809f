// Groups of learners (Группа обучающихся): formed from those present on a course's first day, one
// or more per course, each with a number unique per provider and year. Results are the
// applications' own actions (`complete`, `fail`), taken through the applications API.
import { applicationStatus } from './applications.js';
import { courseStatus } from './catalog.js';
import { id, refId, text } from './common.js';
import { z } from './zod.js';

/** A group's number: «ИРО-2026-3» by default; unique per provider and year. */
export const groupNumber = text(40).regex(/^[^\s].*$/, 'Номер не может начинаться с пробела');

export const groupCreate = z.strictObject({
  /** Chosen learners (forwarded, present on the first day, in no group); none: every such learner. */
  applicationIds: z
    .array(refId)
    .min(1, 'Выберите хотя бы одного слушателя')
    .max(500, 'Не больше 500 слушателей в группе')
    .refine((ids) => new Set(ids).size === ids.length, 'Слушатели в списке повторяются')
    .optional(),
  /** The group's number; none: the department's code, the year and the next free count. */
  number: groupNumber.optional(),
});
export type GroupCreate = z.input<typeof groupCreate>;

export const groupUpdate = z.strictObject({ number: groupNumber });
export type GroupUpdate = z.input<typeof groupUpdate>;

export const groupCreated = z.object({ id, number: z.string(), applicationIds: z.array(id) });
export type GroupCreated = z.infer<typeof groupCreated>;

/** How a learner came to the first day, from the attendance journal (null: not marked). */
export const firstDayMark = z.enum(['present', 'absent', 'excused']).nullable();

export const learner = z.object({
  applicationId: id,
  teacherName: z.string(),
  organizationName: z.string(),
  territoryName: z.string(),
  status: applicationStatus,
  firstDay: firstDayMark,
  /** Why the result is what it is (an expulsion's reason). */
  reason: z.string().nullable(),
});
export type Learner = z.infer<typeof learner>;

export const studyGroup = z.object({
  id,
  number: z.string(),
  createdAt: z.string(),
  learners: z.array(learner),
  abilities: z.object({ update: z.boolean() }),
});
export type StudyGroup = z.infer<typeof studyGroup>;

/** A course's groups, and what forming the next one would take and end. */
export const courseGroups = z.object({
  course: z.object({
    id,
    status: courseStatus,
    startsOn: z.string(),
    endsOn: z.string(),
  }),
  groups: z.array(studyGroup),
  /**
   * Applications not in a group that forming a group concerns: forwarded (present on the first day
   * or not) and waitlisted. Applications still in the methodists' baskets count in `submitted`.
   */
  waiting: z.array(learner),
  submitted: z.number(),
  abilities: z.object({
    /** The actor may form a group now (staff; closed or running course; from the first day on). */
    form: z.boolean(),
    /** Results may be recorded: the course's last day has passed. */
    complete: z.boolean(),
    /** Expulsion during or after the course. */
    fail: z.boolean(),
  }),
  /** Why a group cannot be formed now, for the staff (null when it can, or for others). */
  formBlocked: z.string().nullable(),
  /** The number a new group gets unless another is given. */
  nextNumber: z.string().nullable(),
});
export type CourseGroups = z.infer<typeof courseGroups>;
