// Groups as the API shows them, with what the actor may do (the same rules the service applies).
import type { CourseGroups, Learner } from '../../contract/groups.js';
import type { LearnerRow } from './queries.js';
import type { courseGroups } from './service.js';

const presentLearner = (l: LearnerRow): Learner => ({
  applicationId: String(l.applicationId),
  teacherName: l.teacherName,
  organizationName: l.organizationName,
  territoryName: l.territoryName,
  status: l.status,
  firstDay: l.firstDay,
  reason: l.reason,
});

export function presentCourseGroups(v: Awaited<ReturnType<typeof courseGroups>>): CourseGroups {
  const studying = v.course.status === 'running' || v.course.status === 'finished';
  return {
    course: {
      id: String(v.course.id),
      status: v.course.status,
      startsOn: v.course.startsOn,
      endsOn: v.course.endsOn,
    },
    groups: v.groups.map((g) => ({
      id: String(g.id),
      number: g.number,
      createdAt: g.createdAt.toISOString(),
      learners: g.learners.map(presentLearner),
      abilities: { update: v.staff && v.course.status !== 'archived' },
    })),
    waiting: v.waiting.map(presentLearner),
    submitted: v.submitted,
    abilities: {
      form: v.staff && v.formBlocked === null,
      complete: v.staff && studying && v.today > v.course.endsOn,
      fail: v.staff && studying,
    },
    formBlocked: v.formBlocked,
    nextNumber: v.nextNumber,
  };
}
