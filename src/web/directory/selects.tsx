// Selects over the directories. Small ones (territories, positions, providers) load whole and
// filter in the browser; organizations and departments search on the server as the user types.
import { type ComboboxItem, Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, type QueryKey, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { Page } from '../../contract/common';
import type { Organization } from '../../contract/directory';
import { api, keys } from '../api';
import { authText } from '../i18n/auth';
import { ru } from '../i18n/ru';
import { fetchDepartments, usePositions, useProviders, useTerritories } from './queries';

type BaseProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  /** The chosen id (or name, for positions); '' for none. */
  value?: string;
  onChange: (value: string) => void;
};

export function TerritorySelect({ value = '', onChange, ...props }: BaseProps) {
  const query = useTerritories();
  const data = useMemo(
    () => (query.data?.items ?? []).map((t) => ({ value: t.id, label: t.name })),
    [query.data],
  );
  return (
    <Select
      searchable
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      nothingFoundMessage={ru.common.nothingFound}
      rightSection={query.isFetching ? <Loader size="xs" /> : undefined}
      {...props}
    />
  );
}

/** Position names: a teacher's position is stored as its name. */
export function PositionSelect({ value = '', onChange, ...props }: BaseProps) {
  const query = usePositions();
  const data = useMemo(() => {
    const names = (query.data?.items ?? []).map((p) => p.name);
    if (value && !names.includes(value)) names.unshift(value);
    return names;
  }, [query.data, value]);
  return (
    <Select
      searchable
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      nothingFoundMessage={ru.common.nothingFound}
      {...props}
    />
  );
}

export function ProviderSelect({ value = '', onChange, ...props }: BaseProps) {
  const query = useProviders();
  const data = useMemo(
    () => (query.data?.items ?? []).map((p) => ({ value: p.id, label: p.shortName || p.name })),
    [query.data],
  );
  return (
    <Select
      searchable
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      nothingFoundMessage={ru.common.nothingFound}
      {...props}
    />
  );
}

type RemoteProps = BaseProps & {
  /** The label of the current value when it is not among the loaded options. */
  initialLabel?: string | undefined;
  queryKey: (q: string) => QueryKey;
  load: (q: string, signal: AbortSignal) => Promise<ComboboxItem[]>;
  enabled?: boolean;
};

/** A select whose options come from a server search. */
export function RemoteSelect({
  value = '',
  onChange,
  initialLabel,
  queryKey,
  load,
  enabled = true,
  ...props
}: RemoteProps) {
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<ComboboxItem | null>(
    value && initialLabel ? { value, label: initialLabel } : null,
  );
  const [debounced] = useDebouncedValue(search, 300);
  // While the box shows the chosen option's label, list everything rather than search for it.
  const q = selected && debounced === selected.label ? '' : debounced.trim();
  const query = useQuery({
    queryKey: queryKey(q),
    queryFn: ({ signal }) => load(q, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
  useEffect(() => {
    if (!value) setSelected(null);
  }, [value]);
  const data = useMemo(() => {
    const items = enabled ? [...(query.data ?? [])] : [];
    if (selected && selected.value === value && !items.some((i) => i.value === selected.value))
      items.unshift(selected);
    return items;
  }, [query.data, selected, value, enabled]);

  return (
    <Select
      searchable
      data={data}
      value={value || null}
      onChange={(v, option) => {
        setSelected(option ?? null);
        onChange(v ?? '');
      }}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={query.isFetching ? ru.app.loading : ru.common.nothingFound}
      rightSection={query.isFetching ? <Loader size="xs" /> : undefined}
      disabled={!enabled || props.disabled}
      {...props}
    />
  );
}

export function OrganizationSelect({
  territoryId,
  ...props
}: BaseProps & { territoryId: string; initialLabel?: string | undefined }) {
  return (
    <RemoteSelect
      {...props}
      enabled={!!territoryId}
      placeholder={territoryId ? ru.common.searchPlaceholder : authText.organizationNeedsTerritory}
      queryKey={(q) => keys.organizations.list({ territoryId, q, limit: 50, for: 'select' })}
      load={async (q, signal) => {
        const page = await api.get<Page<Organization>>(
          '/organizations',
          { territoryId, q, limit: 50 },
          signal,
        );
        return page.items.map((o) => ({ value: o.id, label: o.name }));
      }}
    />
  );
}

export function DepartmentSelect({
  providerId,
  ...props
}: BaseProps & { providerId?: string; initialLabel?: string | undefined }) {
  return (
    <RemoteSelect
      {...props}
      queryKey={(q) => keys.departments.list({ providerId, q, limit: 50, for: 'select' })}
      load={async (q, signal) => {
        const page = await fetchDepartments({ providerId, q, limit: 50 }, signal);
        return page.items.map((d) => ({ value: d.id, label: `${d.name} (${d.providerName})` }));
      }}
    />
  );
}
