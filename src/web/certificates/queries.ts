// Documents about training: a course's register, issuing, revoking and reissuing, the FRDO check
// and the public check of a number. A write refreshes the course's register.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CertificateAction,
  CertificateSummary,
  CourseCertificates,
  FrdoCheck,
  Issued,
  PeriodFile,
  PeriodSummary,
  Verification,
} from '../../contract/certificates';
import type { JobView } from '../../contract/jobs';
import { api } from '../api';

export const certificateKeys = {
  all: ['certificates'] as const,
  course: (courseId: string) => ['certificates', 'course', courseId] as const,
  frdo: (courseId: string) => ['certificates', 'frdo', courseId] as const,
  verify: (number: string) => ['certificates', 'verify', number] as const,
};

const coursePath = (courseId: string) => `/courses/${encodeURIComponent(courseId)}`;

/** Addresses of the files, for plain links: the browser sends the session cookie with them. */
export const fileUrl = {
  certificate: (id: string) => `/api/v1/certificates/${encodeURIComponent(id)}/pdf`,
  coursePdf: (courseId: string) => `/api/v1${coursePath(courseId)}/documents/certificates.pdf`,
  frdo: (courseId: string) => `/api/v1${coursePath(courseId)}/documents/frdo.xlsx`,
  /** One of the course's documents for the records office: `enrolment-order.docx`, `group-list.xlsx`, … */
  courseDocument: (courseId: string, kind: string) => `/api/v1${coursePath(courseId)}/documents/${kind}`,
};

export function useCourseCertificates(courseId: string) {
  return useQuery({
    queryKey: certificateKeys.course(courseId),
    queryFn: ({ signal }) =>
      api.get<CourseCertificates>(`${coursePath(courseId)}/certificates`, undefined, signal),
  });
}

export function useFrdoCheck(courseId: string, enabled: boolean) {
  return useQuery({
    queryKey: certificateKeys.frdo(courseId),
    queryFn: ({ signal }) =>
      api.get<FrdoCheck>(`${coursePath(courseId)}/documents/frdo-check`, undefined, signal),
    enabled,
  });
}

export function useIssue(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (applicationIds?: string[]) =>
      api.post<Issued>(`${coursePath(courseId)}/certificates`, applicationIds ? { applicationIds } : {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: certificateKeys.all }),
  });
}

export function useCertificateAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: CertificateAction; reason: string }) =>
      api.post<CertificateSummary>(`/certificates/${encodeURIComponent(id)}/actions/${action}`, { reason }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: certificateKeys.all }),
  });
}

export function useVerification(number: string) {
  return useQuery({
    queryKey: certificateKeys.verify(number),
    queryFn: ({ signal }) =>
      api.get<Verification>(`/certificates/verify/${encodeURIComponent(number)}`, undefined, signal),
    enabled: number.length > 0,
    retry: false,
  });
}

const providerPath = (providerId: string) => `/providers/${encodeURIComponent(providerId)}`;

export function usePeriodSummary(providerId: string, from: string, to: string) {
  return useQuery({
    queryKey: ['certificates', 'period', providerId, from, to],
    queryFn: ({ signal }) =>
      api.get<PeriodSummary>(`${providerPath(providerId)}/certificates/summary`, { from, to }, signal),
    enabled: Boolean(from && to && from <= to),
  });
}

/** Starts a job making one of the period's files; the page then follows it. */
export function useStartPeriodJob(providerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { file: PeriodFile; from: string; to: string }) =>
      api.post<JobView>(`${providerPath(providerId)}/certificates/jobs`, body),
    onSuccess: (job) => {
      queryClient.setQueryData(['jobs', job.id], job);
      return queryClient.invalidateQueries({ queryKey: ['jobs'], exact: true });
    },
  });
}

export function useFrdoTemplate(providerId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['certificates', 'period', providerId] });
  return {
    upload: useMutation({
      mutationFn: (file: File) => {
        const form = new FormData();
        form.append('file', file);
        return api.put<{ name: string }>(`${providerPath(providerId)}/frdo-template`, form);
      },
      onSettled: refresh,
    }),
    remove: useMutation({
      mutationFn: () => api.delete<null>(`${providerPath(providerId)}/frdo-template`),
      onSettled: refresh,
    }),
  };
}
