// Documents about training: a course's register, issuing, revoking and reissuing, the FRDO check
// and the public check of a number. A write refreshes the course's register.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CertificateAction,
  CertificateSummary,
  CourseCertificates,
  FrdoCheck,
  Issued,
  Verification,
} from '../../contract/certificates';
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
