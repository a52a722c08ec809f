// What of a program leaves the server: ids as strings, dates as text, and the actor's abilities
// (from the policies), so the UI shows exactly the buttons the server would accept.
import type { Program, ProgramSummary } from '../../contract/catalog.js';
import type { MaybeActor } from '../access/policy.js';
import type { FileRow } from '../catalog/card.js';
import { presentFile } from '../catalog/present.js';
import { coursePolicy } from '../courses/policy.js';
import { programPolicy } from './policy.js';
import type { ProgramRow, ProgramSummaryRow } from './queries.js';

export function presentProgramSummary(row: ProgramSummaryRow, actor: MaybeActor): ProgramSummary {
  const target = { departmentId: row.departmentId };
  return {
    id: String(row.id),
    departmentId: String(row.departmentId),
    departmentName: row.departmentName,
    providerId: String(row.providerId),
    providerName: row.providerName,
    title: row.title,
    hours: row.hours,
    kind: row.kind,
    form: row.form,
    distance: row.distance,
    targetPositions: row.targetPositions.map((p) => ({ id: String(p.id), name: p.name })),
    coursesCount: row.coursesCount,
    updatedAt: row.updatedAt.toISOString(),
    abilities: {
      update: programPolicy.can(actor, 'program.update', target),
      createCourse: coursePolicy.can(actor, 'course.create', target),
      editFiles: programPolicy.can(actor, 'program.files', target),
    },
  };
}

export const presentProgram = (row: ProgramRow, files: FileRow[], actor: MaybeActor): Program => ({
  ...presentProgramSummary(row, actor),
  annotation: row.annotation,
  subjects: row.subjects,
  plannedResults: row.plannedResults,
  files: files.map(presentFile),
  createdAt: row.createdAt.toISOString(),
});
