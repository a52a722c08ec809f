// Documents about training: the course's register, issuing (a selection or every learner with a
// result and no valid document), revoking, reissuing, the files (a document's PDF, the group's PDF,
// the FRDO spreadsheet) and the public check of a number. Every write is one transaction with its
// audit rows; a file with the learners' personal data is audited when downloaded.
import {
  CERTIFICATE_KIND_LABELS,
  type CertificateAction,
  type CertificateKind,
  formatRegistrationNumber,
  type IssueBody,
  neededFields,
} from '../../contract/certificates.js';
import { DOCUMENT_FIELDS, type DocumentField, missingForDocuments } from '../../contract/profile.js';
import type { Actor, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import { regionDate } from '../clock.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import type { ProgramKind } from '../db/schema.js';
import { type FieldError, Invalid, NotFound, TooManyRequests } from '../http/errors.js';
import { notifyEach } from '../notifications/notify.js';
import { CURRENT, frdoCheckOf, frdoProblems, holderOf, inFrdo, renderFrdo } from './frdo.js';
import { renderDocuments } from './pdf.js';
import { certificatePolicy } from './policy.js';
import * as q from './queries.js';
import { type IssuedDocument, type Snapshot, surnameWithInitials } from './snapshot.js';

type Signed = Who & { actor: Actor };
const { authorize, authorizeAttempt } = certificatePolicy;

const FIELD_LABELS: Record<DocumentField, string> = {
  birthDate: 'дата рождения',
  sex: 'пол',
  snils: 'СНИЛС',
  educationLevel: 'уровень образования',
  diplomaSurname: 'фамилия в дипломе',
  diplomaSeries: 'серия диплома',
  diplomaNumber: 'номер диплома',
};

export const kindFor = (status: 'completed' | 'not_completed', programKind: ProgramKind): CertificateKind =>
  status === 'not_completed' ? 'spravka' : programKind === 'retraining' ? 'diploma' : 'certificate';

/** What the learner's profile still lacks for the document she would get. */
export const missingOf = (learner: q.LearnerRow, kind: CertificateKind): DocumentField[] =>
  neededFields(
    kind,
    missingForDocuments({
      birthDate: learner.birthDate,
      sex: learner.sex,
      snils: learner.snils,
      educationLevel: learner.educationLevel,
      diplomaSurname: learner.diplomaSurname,
      diplomaSeries: learner.diplomaSeries,
      diplomaNumber: learner.diplomaNumber,
    }),
  ).sort((a, b) => DOCUMENT_FIELDS.indexOf(a) - DOCUMENT_FIELDS.indexOf(b));

async function visibleCourse(db: Database, actor: Actor, courseId: number, lock = false) {
  const course = await q.courseOf(db, actor, courseId, lock);
  if (!course) throw new NotFound('Курс не найден');
  return course;
}

export async function courseCertificates(ctx: Ctx, who: Signed, courseId: number) {
  authorizeAttempt(who.actor, 'certificate.list');
  const course = authorize(who.actor, 'certificate.list', await visibleCourse(ctx.db, who.actor, courseId));
  const [learners, certificates, groups] = await Promise.all([
    q.learnersOf(ctx.db, courseId),
    q.certificatesOfCourse(ctx.db, courseId),
    q.groupsOf(ctx.db, courseId),
  ]);
  return { course, learners, certificates, groups: groups.map((g) => g.number) };
}

function snapshotOf(
  course: q.CourseRow,
  provider: Awaited<ReturnType<typeof q.providerOf>>,
  learner: q.LearnerRow,
  original: Snapshot['original'],
): Snapshot {
  return {
    holder: {
      lastName: learner.lastName,
      firstName: learner.firstName,
      middleName: learner.middleName,
      birthDate: learner.birthDate,
      sex: learner.sex,
      snils: learner.snils,
      educationLevel: learner.educationLevel,
      diplomaSurname: learner.diplomaSurname,
      diplomaSeries: learner.diplomaSeries,
      diplomaNumber: learner.diplomaNumber,
    },
    program: course.program,
    course: {
      startsOn: course.startsOn,
      endsOn: course.endsOn,
      groupNumber: learner.groupNumber,
      departmentName: course.departmentName,
    },
    provider: {
      name: provider.name,
      shortName: provider.shortName,
      address: provider.address,
      city: provider.city,
      licenseNumber: provider.licenseNumber,
      licenseDate: provider.licenseDate,
      inn: provider.inn,
      ogrn: provider.ogrn,
    },
    signatories: provider.signatories,
    funding: course.funding,
    original,
  };
}

const nameOf = (l: { lastName: string; firstName: string; middleName: string | null }) =>
  [l.lastName, l.firstName, l.middleName].filter(Boolean).join(' ');

const missingMessage = (l: q.LearnerRow, missing: DocumentField[]) =>
  `${nameOf(l)}: в профиле не заполнено — ${missing.map((f) => FIELD_LABELS[f]).join(', ')}`;

/** Numbers the learners' documents in one block of the provider's year and inserts them. */
async function issueTo(
  trx: Database,
  who: Signed,
  now: Date,
  course: q.CourseRow,
  learners: { learner: q.LearnerRow; kind: CertificateKind; replaces: q.CertificateRow | null }[],
) {
  const provider = await q.providerOf(trx, course.providerId);
  const issuedOn = regionDate(now);
  const year = Number(issuedOn.slice(0, 4));
  const first = await q.takeSequences(trx, course.providerId, year, learners.length);
  const rows = learners.map(({ learner, kind, replaces }, i): q.NewCertificate => {
    const sequence = first + i;
    return {
      applicationId: learner.applicationId,
      courseId: course.id,
      departmentId: course.departmentId,
      providerId: course.providerId,
      teacherId: learner.teacherId,
      kind,
      year,
      sequence,
      registrationNumber: formatRegistrationNumber(provider.numberTemplate, year, sequence),
      blankSeries: provider.blankSeries,
      blankNumber: `${String(year).slice(2)}${String(sequence).padStart(5, '0')}`,
      issuedOn,
      snapshot: snapshotOf(
        course,
        provider,
        learner,
        replaces && {
          kind: replaces.kind,
          blankSeries: replaces.blankSeries,
          blankNumber: replaces.blankNumber,
          registrationNumber: replaces.registrationNumber,
          issuedOn: replaces.issuedOn,
          lastName: replaces.snapshot.holder.lastName,
          firstName: replaces.snapshot.holder.firstName,
          middleName: replaces.snapshot.holder.middleName,
        },
      ),
      issuedBy: who.actor.userId,
      issuedAt: now,
      replacesId: replaces?.id ?? null,
    };
  });
  const inserted = await q.insertCertificates(trx, rows);
  await recordAudit(
    trx,
    now,
    who,
    inserted.map((r, i) => ({
      action: learners[i]?.replaces ? 'certificate.reissued' : 'certificate.issued',
      entityType: 'certificate',
      entityId: r.id,
      after: {
        applicationId: r.applicationId,
        kind: r.kind,
        registrationNumber: r.registrationNumber,
        holder: nameOf(learners[i]?.learner ?? { lastName: '', firstName: '', middleName: null }),
        ...(learners[i]?.replaces ? { replaces: learners[i]?.replaces?.registrationNumber } : {}),
      },
    })),
  );
  // Each holder hears that her document is there, and where to download it.
  await notifyEach(
    trx,
    now,
    inserted.map((r, i) => {
      const replaces = learners[i]?.replaces;
      return {
        userId: r.teacherId,
        kind: 'certificate.issued',
        title: `${replaces ? 'Документ выдан заново' : 'Выдан документ об обучении'}: «${course.program.title}»`,
        body:
          `${CERTIFICATE_KIND_LABELS[r.kind]} № ${r.registrationNumber}` +
          (replaces ? ` вместо № ${replaces.registrationNumber}, который больше не действует` : '') +
          '. Скачать его можно в разделе «Моё повышение квалификации».',
        link: '/cpd',
        entityType: 'certificate',
        entityId: r.id,
      };
    }),
  );
  return inserted;
}

/**
 * Issues a document to each learner of the course with a result and no valid document (or to the
 * selected ones). A learner whose profile lacks what the document needs is left out and listed;
 * if nobody could be issued one, that list is a 422.
 */
export async function issueCertificates(ctx: Ctx, who: Signed, courseId: number, input: IssueBody) {
  authorizeAttempt(who.actor, 'certificate.issue');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const course = authorize(
      who.actor,
      'certificate.issue',
      await visibleCourse(trx, who.actor, courseId, true),
    );
    const learners = await q.learnersOf(trx, courseId);
    const valid = new Set(
      (await q.certificatesOfCourse(trx, courseId)).filter((c) => !c.revokedAt).map((c) => c.applicationId),
    );
    const wanted = input.applicationIds?.map(Number);
    const errors: FieldError[] = [];
    if (wanted) {
      const known = new Set(learners.map((l) => l.applicationId));
      wanted.forEach((id, i) => {
        if (!known.has(id))
          errors.push({
            field: `applicationIds.${i}`,
            message: 'Заявка не найдена среди слушателей курса с результатом',
          });
      });
      if (errors.length)
        throw new Invalid('Документы выдаются слушателям курса с результатом обучения', errors);
    }
    const candidates = learners.filter(
      (l) => !valid.has(l.applicationId) && (!wanted || wanted.includes(l.applicationId)),
    );
    const ready: { learner: q.LearnerRow; kind: CertificateKind; replaces: null }[] = [];
    const blocked: { applicationId: string; name: string; missing: DocumentField[]; message: string }[] = [];
    for (const learner of candidates) {
      const kind = kindFor(learner.status as 'completed' | 'not_completed', course.program.kind);
      const missing = missingOf(learner, kind);
      if (missing.length)
        blocked.push({
          applicationId: String(learner.applicationId),
          name: nameOf(learner),
          missing,
          message: missingMessage(learner, missing),
        });
      else ready.push({ learner, kind, replaces: null });
    }
    if (ready.length === 0 && blocked.length)
      throw new Invalid(
        'Документы не выданы: в профилях слушателей не хватает данных',
        blocked.map((b) => ({ field: `applicationIds.${b.applicationId}`, message: b.message })),
      );
    const items = ready.length ? await issueTo(trx, who, now, course, ready) : [];
    return { items, blocked };
  });
}

export async function actOnCertificate(
  ctx: Ctx,
  who: Signed,
  id: number,
  action: CertificateAction,
  reason: string,
) {
  authorizeAttempt(who.actor, `certificate.${action}`);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const found = await q.certificateOf(trx, who.actor, id, true);
    const row = authorize(
      who.actor,
      `certificate.${action}`,
      found && { ...found, revoked: found.revokedAt !== null },
    );
    await q.revoke(trx, id, now, who.actor.userId, reason);
    await recordAudit(trx, now, who, {
      action: 'certificate.revoked',
      entityType: 'certificate',
      entityId: id,
      before: { registrationNumber: row.registrationNumber, revoked: false },
      after: { revoked: true, reason },
    });
    if (action === 'revoke') return { id, replacement: null };
    const course = await visibleCourse(trx, who.actor, row.courseId);
    const learner = await q.learnerOfApplication(trx, row.applicationId);
    const kind =
      learner.status === 'completed' || learner.status === 'not_completed'
        ? kindFor(learner.status, course.program.kind)
        : row.kind;
    const missing = missingOf(learner, kind);
    if (missing.length)
      throw new Invalid('Документ не переоформлен: в профиле слушателя не хватает данных', [
        { field: 'applicationId', message: missingMessage(learner, missing) },
      ]);
    const [replacement] = await issueTo(trx, who, now, course, [{ learner, kind, replaces: row }]);
    return { id, replacement: replacement ?? null };
  });
}

export async function certificate(ctx: Ctx, who: Signed, id: number) {
  authorizeAttempt(who.actor, 'certificate.pdf');
  const found = await q.certificateOf(ctx.db, who.actor, id);
  return authorize(who.actor, 'certificate.pdf', found && { ...found, revoked: found.revokedAt !== null });
}

export const documentOf = (row: q.CertificateRow): IssuedDocument => ({
  id: row.id,
  kind: row.kind,
  registrationNumber: row.registrationNumber,
  blankSeries: row.blankSeries,
  blankNumber: row.blankNumber,
  issuedOn: row.issuedOn,
  revokedAt: row.revokedAt,
  snapshot: row.snapshot,
});

export async function certificatePdf(ctx: Ctx, who: Signed, id: number, origin: string) {
  const row = await certificate(ctx, who, id);
  const pdf = await renderDocuments([documentOf(row)], origin, CERTIFICATE_KIND_LABELS[row.kind]);
  return { pdf, name: `${CERTIFICATE_KIND_LABELS[row.kind]} ${row.registrationNumber}.pdf` };
}

async function exportableCourse(ctx: Ctx, who: Signed, courseId: number) {
  authorizeAttempt(who.actor, 'certificate.export');
  return authorize(who.actor, 'certificate.export', await visibleCourse(ctx.db, who.actor, courseId));
}

/** The course's valid documents in one PDF (the group's print), audited. */
export async function courseCertificatesPdf(ctx: Ctx, who: Signed, courseId: number, origin: string) {
  const course = await exportableCourse(ctx, who, courseId);
  const documents = (await q.certificatesOfCourse(ctx.db, courseId))
    .filter((c) => !c.revokedAt)
    .map(documentOf);
  const pdf = await renderDocuments(documents, origin, `Документы курса ${course.program.title}`);
  await recordAudit(ctx.db, ctx.now(), who, {
    action: 'certificate.exported',
    entityType: 'course',
    entityId: courseId,
    after: { file: 'certificates.pdf', documents: documents.length },
  });
  return { pdf, name: `Документы об обучении — курс ${courseId}.pdf` };
}

async function frdoDocuments(ctx: Ctx, courseId: number) {
  return (await q.certificatesOfCourse(ctx.db, courseId)).map(documentOf).filter(inFrdo);
}

export async function frdoCheck(ctx: Ctx, who: Signed, courseId: number) {
  await exportableCourse(ctx, who, courseId);
  return frdoCheckOf(await frdoDocuments(ctx, courseId));
}

/** The FRDO spreadsheet of the course's documents; rows the registry would reject are a 422 first. */
export async function courseFrdo(ctx: Ctx, who: Signed, courseId: number) {
  await exportableCourse(ctx, who, courseId);
  const documents = await frdoDocuments(ctx, courseId);
  const errors = documents.flatMap((d) => {
    const columns = frdoProblems(d);
    return columns.length
      ? [
          {
            field: `certificates.${d.id}`,
            message: `${d.registrationNumber}, ${holderOf(d)}: ${columns.join('; ')}`,
          },
        ]
      : [];
  });
  if (errors.length)
    throw new Invalid('Реестр ФРДО не примет эти строки: исправьте данные и переоформите документы', errors);
  const xlsx = await renderFrdo(documents);
  await recordAudit(ctx.db, ctx.now(), who, {
    action: 'certificate.exported',
    entityType: 'course',
    entityId: courseId,
    after: { file: 'frdo.xlsx', documents: documents.length, template: CURRENT.version },
  });
  return { xlsx, name: `ФРДО — курс ${courseId}.xlsx` };
}

/**
 * The public check of a number. Unknown numbers are audited from the asking address, and an
 * address that has asked too many of them lately is refused for a while (guessing numbers).
 */
export async function verify(ctx: Ctx, who: Who, number: string) {
  const windowMinutes = ctx.config.verifyThrottleWindowMinutes;
  const since = new Date(ctx.now().getTime() - windowMinutes * 60_000);
  if ((await q.unknownChecksSince(ctx.db, who.meta.ip, since)) >= ctx.config.verifyUnknownPerAddress)
    throw new TooManyRequests(
      `Слишком много проверок несуществующих номеров. Попробуйте через ${windowMinutes} мин.`,
      windowMinutes * 60,
    );
  const row = await q.certificateByNumber(ctx.db, number);
  if (!row) {
    await recordAudit(ctx.db, ctx.now(), who, {
      action: 'certificate.verify_unknown',
      entityType: 'certificate',
      after: { number: number.slice(0, 60) },
    });
    throw new NotFound('Документ с таким регистрационным номером не выдавался');
  }
  return {
    registrationNumber: row.registrationNumber,
    kind: row.kind,
    kindLabel: CERTIFICATE_KIND_LABELS[row.kind],
    holder: surnameWithInitials(row.snapshot.holder),
    programTitle: row.snapshot.program.title,
    hours: row.snapshot.program.hours,
    providerName: row.snapshot.provider.name,
    issuedOn: row.issuedOn,
    revoked: row.revokedAt !== null,
    revokedOn: row.revokedAt ? regionDate(row.revokedAt) : null,
    replacedBy: row.replacedByNumber,
  };
}
