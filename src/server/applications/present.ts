// Applications as the API shows them, with the actions the actor may take on each (derived from
// workflow.ts, so that the buttons a user sees are exactly the transitions the service accepts).
import {
  APPLICATION_ACTIONS,
  APPLICATION_STATUS_LABEL,
  type Application,
  type ApplicationAbilities,
  type ApplicationSummary,
  type PlacesBreakdown,
} from '../../contract/applications.js';
import type { CourseLearners } from '../../contract/catalog.js';
import type { Actor } from '../access/actor.js';
import { regionDate } from '../clock.js';
import type { XlsxColumn } from '../http/xlsx.js';
import type { Places } from '../places/service.js';
import { applicationsPolicy, ruleOf, standingOf } from './policy.js';
import type { ApplicationRow, PageText } from './queries.js';
import { TRANSITIONS, type Transition } from './workflow.js';

/** The transitions out of each state (a basket page asks for fifty applications' buttons at once). */
const FROM = new Map<ApplicationRow['status'], Transition[]>();
for (const t of TRANSITIONS) if (t.from) FROM.set(t.from, [...(FROM.get(t.from) ?? []), t]);

/**
 * An action is offered when the table has it in the application's and its course's states (and,
 * for a result, once the course's last day has passed by the region's `today`) and the policy
 * lets the actor take it.
 */
export function abilitiesOf(
  row: Pick<
    ApplicationRow,
    'status' | 'courseStatus' | 'endsOn' | 'teacherId' | 'territoryId' | 'departmentId' | 'providerId'
  >,
  actor: Actor,
  today: string,
): ApplicationAbilities {
  const open = (FROM.get(row.status) ?? []).filter(
    (t) => t.courseIn.includes(row.courseStatus) && (!t.afterEnd || today > row.endsOn),
  );
  return Object.fromEntries(
    APPLICATION_ACTIONS.map((action) => [
      action,
      open.some((t) => t.action === action) && applicationsPolicy.can(actor, ruleOf(action), row),
    ]),
  ) as ApplicationAbilities;
}

export function presentApplicationSummary(
  row: ApplicationRow,
  actor: Actor,
  today: string,
): ApplicationSummary {
  return {
    id: String(row.id),
    status: row.status,
    course: {
      id: String(row.courseId),
      title: row.courseTitle,
      status: row.courseStatus,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      applyUntil: row.applyUntil,
      departmentName: row.departmentName,
      providerName: row.providerName,
    },
    teacher: { id: String(row.teacherId), fullName: row.teacherName, position: row.position },
    organization: { id: String(row.organizationId), name: row.organizationName },
    territory: { id: String(row.territoryId), name: row.territoryName },
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    waitlistPosition: row.waitlistPosition,
    abilities: abilitiesOf(row, actor, today),
  };
}

/**
 * A list's page as the answer's JSON text (`applicationPage`): the database wrote the items (but
 * their abilities), the count by state and the total (queries.ts `listPage`); each item gets its
 * abilities here. They are computed once per distinct set of what decides them for this actor
 * today: the states, the course's last day as passed or not, and how the actor stands to the
 * application's teacher, territory, department and provider (policy.ts `standingOf`), so a page
 * of fifty applications of as many teachers and courses computes a few. No row is parsed or
 * serialized: `baskets.test.ts` holds the text byte for byte to the schema.
 */
export function presentApplicationPage(page: PageText, actor: Actor, today: string): string {
  const abilities = new Map<string, string>();
  const text = page.items ?? '';
  let body = '{"items":[';
  for (let start = 0; start < text.length; ) {
    const cut = text.indexOf('\u0002', start);
    const next = text.indexOf('\u0001', cut);
    const end = next === -1 ? text.length : next;
    const [status, teacherId, territoryId, courseStatus, endsOn = '', departmentId, providerId] = text
      .slice(start, cut)
      .split(',');
    const parties = {
      teacherId: Number(teacherId),
      territoryId: Number(territoryId),
      departmentId: Number(departmentId),
      providerId: Number(providerId),
    };
    const key = `${status},${courseStatus},${today > endsOn},${standingOf(actor, parties)}`;
    let json = abilities.get(key);
    if (json === undefined) {
      const row = {
        ...parties,
        status: status as ApplicationRow['status'],
        courseStatus: courseStatus as ApplicationRow['courseStatus'],
        endsOn,
      };
      json = JSON.stringify(abilitiesOf(row, actor, today));
      abilities.set(key, json);
    }
    body += `${start ? ',' : ''}${text.slice(cut + 1, end)},"abilities":${json}}`;
    start = end + 1;
  }
  return `${body}],"total":${page.total},"byStatus":[${page.byStatus}]}`;
}

type HistoryRow = {
  fromStatus: ApplicationRow['status'] | null;
  toStatus: ApplicationRow['status'];
  action: string;
  byId: number | null;
  byName: string;
  at: Date;
  reason: string | null;
};

export function presentApplication(
  card: { row: ApplicationRow; history: HistoryRow[] },
  actor: Actor,
  today: string,
): Application {
  return {
    ...presentApplicationSummary(card.row, actor, today),
    history: card.history.map((h) => ({
      from: h.fromStatus,
      to: h.toStatus,
      action: h.action,
      by: h.byId === null ? null : { id: String(h.byId), fullName: h.byName },
      at: h.at.toISOString(),
      reason: h.reason,
    })),
  };
}

export const presentPlaces = (p: Places & { learners: CourseLearners }): PlacesBreakdown => ({
  courseId: String(p.id),
  capacity: p.capacity,
  learners: p.learners,
  placesLeft: p.placesLeft,
  commonPlacesLeft: p.commonLeft,
  quotaReleaseOn: p.quotaReleaseOn,
  territories: p.territories.map((t) => ({
    territory: { id: String(t.territoryId), name: t.territoryName },
    quota: t.quota,
    forwarded: t.taken,
    waitlisted: t.waitlisted,
    free: t.free,
  })),
});

/** The columns of a list of applications as a spreadsheet: what the basket shows, one cell each. */
export const APPLICATION_COLUMNS: readonly XlsxColumn<ApplicationRow>[] = [
  { header: 'Педагог', width: 36, value: (r) => r.teacherName },
  { header: 'Должность', width: 24, value: (r) => r.position },
  { header: 'Организация', width: 40, value: (r) => r.organizationName },
  { header: 'Территория', width: 28, value: (r) => r.territoryName },
  { header: 'Курс', width: 44, value: (r) => r.courseTitle },
  { header: 'Начало', width: 12, kind: 'date', value: (r) => r.startsOn },
  { header: 'Окончание', width: 12, kind: 'date', value: (r) => r.endsOn },
  { header: 'Приём до', width: 12, kind: 'date', value: (r) => r.applyUntil },
  { header: 'Поставщик', width: 36, value: (r) => `${r.providerName}, ${r.departmentName}` },
  { header: 'Состояние', width: 22, value: (r) => APPLICATION_STATUS_LABEL[r.status] },
  { header: 'Место в резерве', width: 10, value: (r) => r.waitlistPosition },
  { header: 'Подана', width: 12, kind: 'date', value: (r) => regionDate(r.createdAt) },
  { header: 'Причина', width: 40, value: (r) => r.reason ?? '' },
];
