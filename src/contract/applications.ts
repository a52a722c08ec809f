// Applications: teachers apply to courses; methodists forward them from their basket to the
// provider's; managers follow them. States and actions as in docs/domain.md.

import { courseLearners } from './catalog.js';
import {
  id,
  idFilter,
  idParam,
  optionalText,
  page,
  pageQuery,
  refId,
  searchText,
  sortParam,
} from './common.js';
import { z } from './zod.js';

export const APPLICATION_STATUSES = [
  'submitted',
  'rejected',
  'forwarded',
  'waitlisted',
  'declined',
  'withdrawn',
  'enrolled',
  'no_show',
  'completed',
  'not_completed',
] as const;
export const applicationStatus = z.enum(APPLICATION_STATUSES);
export type ApplicationStatus = z.infer<typeof applicationStatus>;

/** The actions a person takes through the API (group formation sets enrolled and no_show). */
export const APPLICATION_ACTIONS = [
  'forward',
  'reject',
  'recall',
  'withdraw',
  'decline',
  'complete',
  'fail',
] as const;
export const applicationAction = z.enum(APPLICATION_ACTIONS);
export type ApplicationAction = z.infer<typeof applicationAction>;

/** The API's actions and the system's own: applying, promotion from the waitlist, group formation, a started or cancelled course. */
export type WorkflowAction =
  | ApplicationAction
  | 'apply'
  | 'promote'
  | 'enrol'
  | 'no_show'
  | 'start'
  | 'cancel';

/**
 * Russian names of the states (docs/domain.md), one source for the server's messages and
 * notifications and the UI's badges and filters: a state without a name does not compile.
 */
export const APPLICATION_STATUS_LABEL: Record<ApplicationStatus, string> = {
  submitted: 'Подана',
  rejected: 'Отклонена методистом',
  forwarded: 'Передана поставщику',
  waitlisted: 'В резерве',
  declined: 'Отказ поставщика',
  withdrawn: 'Отозвана',
  enrolled: 'Обучается',
  no_show: 'Неявка',
  completed: 'Окончил(а) обучение',
  not_completed: 'Отчислен(а)',
};

/** What each action does, as a verb: «нельзя …» in messages, a button capitalised. */
export const APPLICATION_ACTION_LABEL: Record<WorkflowAction, string> = {
  apply: 'подать заявку',
  forward: 'передать поставщику',
  reject: 'отклонить',
  recall: 'вернуть в копилку методиста',
  withdraw: 'отозвать',
  decline: 'отказать',
  promote: 'перевести из резерва',
  enrol: 'зачислить',
  no_show: 'отметить неявку',
  start: 'закрыть: курс начался',
  complete: 'отметить окончание обучения',
  fail: 'отчислить',
  cancel: 'закрыть из-за отмены курса',
};

/** The states of an application that reached the provider: what the provider's basket shows. */
export const PROVIDER_STATUSES: readonly ApplicationStatus[] = [
  'forwarded',
  'waitlisted',
  'declined',
  'enrolled',
  'no_show',
  'completed',
  'not_completed',
];

/** States in which an application still counts (one per teacher and course). */
export const ACTIVE_STATUSES = ['submitted', 'forwarded', 'waitlisted', 'enrolled'] as const;

export const applicationCreate = z.strictObject({
  courseId: refId,
  /** A methodist applying for a teacher of her territory; a teacher applies for themselves. */
  teacherId: refId.optional(),
});
export type ApplicationCreate = z.input<typeof applicationCreate>;

export const actionInput = z
  .strictObject({
    /** Required to reject, decline and fail: the teacher is told why. */
    reason: optionalText(1000),
  })
  .nullish();
export type ActionInput = z.output<typeof actionInput>;

export const bulkActionInput = z.strictObject({
  ids: z
    .array(refId)
    .min(1, 'Выберите хотя бы одну заявку')
    .max(500, 'Не больше 500 заявок за раз')
    .refine((ids) => new Set(ids).size === ids.length, 'Заявки в списке повторяются'),
  reason: optionalText(1000),
});
export type BulkActionInput = z.output<typeof bulkActionInput>;

export const BASKETS = ['methodist', 'provider', 'mine', 'region'] as const;
export type Basket = (typeof BASKETS)[number];

/** The columns a list of applications sorts by; `-` before one for descending. */
export const APPLICATION_SORTS = [
  'appliedAt',
  'startsOn',
  'applyUntil',
  'teacher',
  'organization',
  'status',
] as const;
export type ApplicationSortField = (typeof APPLICATION_SORTS)[number];
export const applicationSort = sortParam(APPLICATION_SORTS);
export type ApplicationSort = z.infer<typeof applicationSort>;

export const applicationFilters = {
  /**
   * methodist: her territory's; provider: forwarded to the department's courses; mine: own;
   * region: every application of the region (the operator, read-only).
   */
  basket: z.enum(BASKETS).optional(),
  courseId: idFilter,
  status: applicationStatus.optional(),
  territoryId: idFilter,
  organizationId: idFilter,
  position: searchText,
  /** A teacher's name. */
  q: searchText,
  /** Without it: the waitlist in its order, then the newest first. */
  sort: applicationSort.optional(),
};
export const applicationListQuery = z.object({ ...applicationFilters, ...pageQuery });
/** The export: the same filters and order, the whole list. */
export const applicationExportQuery = z.object(applicationFilters);
export type ApplicationExportQuery = z.output<typeof applicationExportQuery>;
export type ApplicationListQuery = z.output<typeof applicationListQuery>;

export const applicationParams = z.object({ id: idParam, action: applicationAction });
export const courseParams = z.object({ id: idParam });

const named = z.object({ id, name: z.string() });

export const applicationAbilities = z.object(
  Object.fromEntries(APPLICATION_ACTIONS.map((a) => [a, z.boolean()])) as Record<
    ApplicationAction,
    z.ZodBoolean
  >,
);
export type ApplicationAbilities = z.infer<typeof applicationAbilities>;

export const applicationSummary = z.object({
  id,
  status: applicationStatus,
  course: z.object({
    id,
    title: z.string(),
    status: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    applyUntil: z.string(),
    departmentName: z.string(),
    providerName: z.string(),
  }),
  teacher: z.object({ id, fullName: z.string(), position: z.string() }),
  organization: named,
  territory: named,
  /** The reason of the last rejection, decline or expulsion. */
  reason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** 1-based place in the course's waitlist (waitlisted only). */
  waitlistPosition: z.number().nullable(),
  abilities: applicationAbilities,
});
export type ApplicationSummary = z.infer<typeof applicationSummary>;

export const applicationHistoryEntry = z.object({
  from: applicationStatus.nullable(),
  to: applicationStatus,
  action: z.string(),
  /** null: the system (promoted from the waitlist). */
  by: z.object({ id, fullName: z.string() }).nullable(),
  at: z.string(),
  reason: z.string().nullable(),
});
export type ApplicationHistoryEntry = z.infer<typeof applicationHistoryEntry>;

export const application = applicationSummary.extend({ history: z.array(applicationHistoryEntry) });
export type Application = z.infer<typeof application>;

export const applicationPage = page(applicationSummary).extend({
  /** How many of the list are in each state, whatever the state filter (the states with any). */
  byStatus: z.array(z.object({ status: applicationStatus, count: z.number() })),
});
export type ApplicationPage = z.infer<typeof applicationPage>;

export const bulkResult = z.object({
  results: z.array(
    z.object({
      id,
      ok: z.boolean(),
      status: applicationStatus.optional(),
      error: z.string().optional(),
    }),
  ),
});
export type BulkResult = z.infer<typeof bulkResult>;

/** A course's places by territory: what the provider's basket and the methodist's show. */
export const placesBreakdown = z.object({
  courseId: id,
  capacity: z.number(),
  /** Who joined a group and who completed, once the course has started (null before). */
  learners: courseLearners,
  placesLeft: z.number(),
  commonPlacesLeft: z.number(),
  quotaReleaseOn: z.string().nullable(),
  territories: z.array(
    z.object({
      territory: named,
      quota: z.number(),
      forwarded: z.number(),
      waitlisted: z.number(),
      /** Places this territory could still take: its quota's and the common ones. */
      free: z.number(),
    }),
  ),
});
export type PlacesBreakdown = z.infer<typeof placesBreakdown>;

/** A teacher a methodist may apply for, as the list `GET /teachers` (teachers module) begins each row. */
export const teacherBrief = z.object({
  id,
  fullName: z.string(),
  position: z.string(),
  organization: named,
  territory: named,
});
export type TeacherBrief = z.infer<typeof teacherBrief>;
