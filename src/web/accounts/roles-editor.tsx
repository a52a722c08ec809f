// Which roles (with which scopes) the current user may grant, and the editor of a user's roles.
// The operator grants any role with its territory, provider or department; a provider's
// administrator grants head or manager of the provider's departments; a head grants only
// «Руководитель курсов» of their own department (preset). The server checks the same rules.
import { Button, Card, CloseButton, Group, Select, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { RoleInput } from '../../contract/accounts';
import { type Me, ROLES, type RoleGrant, type RoleName } from '../../contract/auth';
import type { Page } from '../../contract/common';
import type { Department } from '../../contract/directory';
import { api, keys } from '../api';
import { WHOLE } from '../directory/queries';
import { DepartmentSelect, ProviderSelect, TerritorySelect } from '../directory/selects';
import { ru } from '../i18n/ru';
import { usersText } from '../i18n/users';

export type RoleRow = {
  key: string;
  role: RoleName | '';
  territoryId: string;
  providerId: string;
  departmentId: string;
  /** The scope's name for a row loaded from an existing grant. */
  scopeLabel?: string;
  /** A role the current user may not change: kept as it is. */
  locked?: boolean;
};

type Option = { value: string; label: string };

export type RolePolicy =
  | { mode: 'full' }
  | {
      mode: 'limited';
      roles: RoleName[];
      /** Departments per grantable role. */
      departments: Partial<Record<RoleName, Option[]>>;
      loading: boolean;
    }
  | { mode: 'preset'; row: RoleRow; label: string };

let nextKey = 0;
export const rowKey = () => `role-${++nextKey}`;

export const emptyRow = (role: RoleName | '' = ''): RoleRow => ({
  key: rowKey(),
  role,
  territoryId: '',
  providerId: '',
  departmentId: '',
});

export function rowFromGrant(grant: RoleGrant): RoleRow {
  return {
    key: rowKey(),
    role: grant.role,
    territoryId: grant.territoryId ?? '',
    providerId: grant.providerId ?? '',
    departmentId: grant.departmentId ?? '',
    scopeLabel:
      grant.role === 'methodist'
        ? grant.territoryName
        : grant.role === 'provider_admin'
          ? grant.providerName
          : grant.departmentName
            ? `${grant.departmentName}${grant.providerName ? ` (${grant.providerName})` : ''}`
            : undefined,
  };
}

export function rowLabel(row: RoleRow): string {
  if (!row.role) return '';
  const scope = row.scopeLabel;
  return scope ? `${ru.roles[row.role]} — ${scope}` : ru.roles[row.role];
}

/** The rules for the current user; provider administrators' departments are loaded here. */
export function useRolePolicy(me: Me): RolePolicy {
  const isOperator = me.roles.some((r) => r.role === 'operator');
  const adminProviders = isOperator
    ? []
    : me.roles.filter((r) => r.role === 'provider_admin' && r.providerId).map((r) => r.providerId as string);
  const providerDepartments = useQueries({
    queries: adminProviders.map((providerId) => ({
      queryKey: keys.departments.ofProvider(providerId),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<Page<Department>>(`/providers/${providerId}/departments`, { limit: WHOLE }, signal),
    })),
  });
  if (isOperator) return { mode: 'full' };

  const headDepartments: Option[] = me.roles
    .filter((r) => r.role === 'head' && r.departmentId)
    .map((r) => ({ value: r.departmentId as string, label: r.departmentName ?? '' }));
  const ofProviders: Option[] = providerDepartments.flatMap((q) =>
    (q.data?.items ?? []).map((d) => ({
      value: d.id,
      label: adminProviders.length > 1 ? `${d.name} (${d.providerName})` : d.name,
    })),
  );
  const loading = providerDepartments.some((q) => q.isPending);

  if (adminProviders.length === 0 && headDepartments.length === 1) {
    const dept = headDepartments[0] as Option;
    return {
      mode: 'preset',
      row: { ...emptyRow('manager'), departmentId: dept.value, scopeLabel: dept.label },
      label: usersText.presetRole(ru.roles.manager, dept.label),
    };
  }
  const merged = [...ofProviders];
  for (const d of headDepartments) if (!merged.some((m) => m.value === d.value)) merged.push(d);
  const roles: RoleName[] = adminProviders.length > 0 ? ['head', 'manager'] : ['manager'];
  return { mode: 'limited', roles, departments: { head: ofProviders, manager: merged }, loading };
}

/** The rows a new account starts with under a policy. */
export function initialRows(policy: RolePolicy): RoleRow[] {
  if (policy.mode === 'preset') return [{ ...policy.row, key: rowKey() }];
  if (policy.mode === 'limited' && policy.roles.length === 1) {
    const role = policy.roles[0] as RoleName;
    const depts = policy.departments[role] ?? [];
    return [{ ...emptyRow(role), departmentId: depts.length === 1 ? (depts[0] as Option).value : '' }];
  }
  return [emptyRow()];
}

/** Marks the rows of an existing user that the current user may not change. */
export function lockRows(rows: RoleRow[], policy: RolePolicy): RoleRow[] {
  if (policy.mode === 'full') return rows;
  if (policy.mode === 'preset') return rows.map((r) => ({ ...r, locked: true }));
  return rows.map((r) => {
    const allowed =
      r.role !== '' &&
      policy.roles.includes(r.role) &&
      (policy.departments[r.role] ?? []).some((d) => d.value === r.departmentId);
    return allowed || policy.loading ? r : { ...r, locked: true };
  });
}

export function toRoleInput(row: RoleRow): RoleInput | null {
  switch (row.role) {
    case 'operator':
    case 'teacher':
      return { role: row.role };
    case 'provider_admin':
      return { role: row.role, providerId: row.providerId };
    case 'head':
    case 'manager':
      return { role: row.role, departmentId: row.departmentId };
    case 'methodist':
      return { role: row.role, territoryId: row.territoryId };
    case '':
      return null;
  }
}

const scopeField = (role: RoleName | ''): 'territoryId' | 'providerId' | 'departmentId' | null =>
  role === 'methodist'
    ? 'territoryId'
    : role === 'provider_admin'
      ? 'providerId'
      : role === 'head' || role === 'manager'
        ? 'departmentId'
        : null;

/** Client-side checks with plain messages: a role chosen, its scope chosen, no duplicates. */
export function validateRows(rows: RoleRow[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (rows.length === 0) errors.roles = usersText.rolesRequired;
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (!row.role) {
      errors[`roles.${i}.role`] = usersText.roleRequired;
      return;
    }
    const field = scopeField(row.role);
    if (field && !row[field]) errors[`roles.${i}.${field}`] = usersText.scopeRequired[field];
    const id = `${row.role}:${field ? row[field] : ''}`;
    if (seen.has(id)) errors[`roles.${i}.role`] = usersText.roleDuplicate;
    seen.add(id);
  });
  return errors;
}

export function RolesEditor({
  rows,
  onChange,
  policy,
  errors,
}: {
  rows: RoleRow[];
  onChange: (rows: RoleRow[]) => void;
  policy: RolePolicy;
  errors: Record<string, ReactNode>;
}) {
  if (policy.mode === 'preset') {
    return (
      <Stack gap={4}>
        {rows.map((row) => (
          <Text key={row.key} fw={500}>
            {rowLabel(row) || policy.label}
          </Text>
        ))}
      </Stack>
    );
  }
  const roleOptions = (policy.mode === 'full' ? [...ROLES] : policy.roles).map((r) => ({
    value: r,
    label: ru.roles[r],
  }));
  const set = (index: number, patch: Partial<RoleRow>) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const editable = rows.filter((r) => !r.locked).length;

  return (
    <Stack gap="sm">
      {rows.map((row, i) => {
        if (row.locked)
          return (
            <Text key={row.key} size="sm">
              {rowLabel(row)}
            </Text>
          );
        const field = scopeField(row.role);
        const scopeError = field ? errors[`roles.${i}.${field}`] : undefined;
        return (
          <Card key={row.key} withBorder padding="sm" radius="sm">
            <Group align="flex-start" gap="sm" wrap="nowrap">
              <Stack gap="sm" style={{ flex: 1 }}>
                <Select
                  label={usersText.role}
                  data={roleOptions}
                  value={row.role || null}
                  onChange={(v) =>
                    set(i, {
                      role: (v ?? '') as RoleName | '',
                      territoryId: '',
                      providerId: '',
                      departmentId:
                        policy.mode === 'limited' &&
                        v &&
                        (policy.departments[v as RoleName] ?? []).length === 1
                          ? ((policy.departments[v as RoleName] ?? [])[0] as Option).value
                          : '',
                      scopeLabel: undefined,
                    })
                  }
                  allowDeselect={false}
                  required
                  error={errors[`roles.${i}.role`]}
                />
                {field === 'territoryId' ? (
                  <TerritorySelect
                    label={usersText.scopeTerritory}
                    required
                    value={row.territoryId}
                    onChange={(territoryId) => set(i, { territoryId })}
                    error={scopeError}
                  />
                ) : null}
                {field === 'providerId' ? (
                  <ProviderSelect
                    label={usersText.scopeProvider}
                    required
                    value={row.providerId}
                    onChange={(providerId) => set(i, { providerId })}
                    error={scopeError}
                  />
                ) : null}
                {field === 'departmentId' && policy.mode === 'full' ? (
                  <DepartmentSelect
                    label={usersText.scopeDepartment}
                    required
                    value={row.departmentId}
                    initialLabel={row.scopeLabel}
                    onChange={(departmentId) => set(i, { departmentId })}
                    error={scopeError}
                  />
                ) : null}
                {field === 'departmentId' && policy.mode === 'limited' ? (
                  <Select
                    label={usersText.scopeDepartment}
                    required
                    searchable
                    data={policy.departments[row.role as RoleName] ?? []}
                    value={row.departmentId || null}
                    onChange={(v) => set(i, { departmentId: v ?? '' })}
                    nothingFoundMessage={ru.common.nothingFound}
                    error={scopeError}
                  />
                ) : null}
              </Stack>
              {editable > 1 ? (
                <CloseButton
                  mt={26}
                  aria-label={usersText.removeRole}
                  title={usersText.removeRole}
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                />
              ) : null}
            </Group>
          </Card>
        );
      })}
      {errors.roles ? (
        <Text size="sm" c="red" role="alert">
          {errors.roles}
        </Text>
      ) : null}
      <Group>
        <Button
          variant="light"
          size="xs"
          onClick={() => onChange([...rows, emptyRow(roleOptions.length === 1 ? roleOptions[0]?.value : '')])}
        >
          {usersText.addRole}
        </Button>
      </Group>
    </Stack>
  );
}
