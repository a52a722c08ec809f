// Account reads and writes: the scoped list, create, edit, roles, block, unblock, password reset.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PasswordResetResult, RoleInput, User, UserCreate, UserUpdate } from '../../contract/accounts';
import type { Page } from '../../contract/common';
import { api, keys, type QueryParams } from '../api';

export function useUsers(params: QueryParams) {
  return useQuery({
    queryKey: keys.users.list(params),
    queryFn: ({ signal }) => api.get<Page<User>>('/users', params, signal),
    placeholderData: keepPreviousData,
  });
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: keys.users.all });
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: UserCreate) => api.post<User>('/users', body),
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: async ({
      id,
      update,
      roles,
    }: {
      id: string;
      update: UserUpdate | null;
      roles: RoleInput[] | null;
    }) => {
      let user: User | null = null;
      if (update) user = await api.patch<User>(`/users/${id}`, update);
      if (roles) user = await api.put<User>(`/users/${id}/roles`, { roles });
      return user;
    },
    onSettled: invalidate,
  });
}

export function useBlockUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, block }: { id: string; block: boolean }) =>
      api.post<User>(`/users/${id}/${block ? 'block' : 'unblock'}`),
    onSuccess: invalidate,
  });
}

export function useResetPassword() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (id: string) => api.post<PasswordResetResult>(`/users/${id}/password-reset`),
    onSuccess: invalidate,
  });
}
