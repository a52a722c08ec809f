// A course's groups and learners, forming a group and renumbering one. A change refreshes the
// course (forming the first group starts it), the application lists and the catalog.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CourseGroups, GroupCreate, GroupCreated } from '../../contract/groups';
import { api, keys } from '../api';

export const groupKeys = {
  all: ['groups'] as const,
  course: (courseId: string) => ['groups', 'course', courseId] as const,
};

export function useCourseGroups(courseId: string) {
  return useQuery({
    queryKey: groupKeys.course(courseId),
    queryFn: ({ signal }) =>
      api.get<CourseGroups>(`/courses/${encodeURIComponent(courseId)}/groups`, undefined, signal),
    enabled: !!courseId,
  });
}

/** Refreshes what a group or a result changes: the groups, the course, the applications, the catalog. */
export function useGroupsRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: groupKeys.all }),
      queryClient.invalidateQueries({ queryKey: keys.courses.all }),
      queryClient.invalidateQueries({ queryKey: keys.applications.all }),
      queryClient.invalidateQueries({ queryKey: keys.catalog.all }),
    ]);
}

export function useFormGroup(courseId: string) {
  const refresh = useGroupsRefresh();
  return useMutation({
    mutationFn: (body: GroupCreate) =>
      api.post<GroupCreated>(`/courses/${encodeURIComponent(courseId)}/groups`, body),
    onSettled: refresh,
  });
}

export function useRenumberGroup() {
  const refresh = useGroupsRefresh();
  return useMutation({
    mutationFn: ({ id, number }: { id: string; number: string }) =>
      api.patch<{ id: string; number: string }>(`/groups/${encodeURIComponent(id)}`, { number }),
    onSettled: refresh,
  });
}
