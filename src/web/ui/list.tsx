// Lists with their state in the URL (filters and page survive a reload and can be shared as a
// link), a debounced search field, and the pagination under a table.
import { Group, NativeSelect, Pagination, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { applicationsText } from '../i18n/applications';
import { ru } from '../i18n/ru';
import { EmptyRows, LoadError, PageLoader } from './page';

export const PAGE_SIZE = 25;
/** The page sizes a user may choose (`size` in the URL). */
export const PAGE_SIZES = [10, 25, 50, 100, 200] as const;

export function useUrlFilters<K extends string>(names: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const key = names.map((n) => params.get(n) ?? '').join('\u0000');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the filter values
  const values = useMemo(
    () => Object.fromEntries(names.map((n) => [n, params.get(n) ?? ''])) as Record<K, string>,
    [key],
  );
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const size = Number(params.get('size'));
  const limit = (PAGE_SIZES as readonly number[]).includes(size) ? size : PAGE_SIZE;

  /** Changes filters (and resets the page), or only the page. */
  const update = useCallback(
    (patch: Partial<Record<K | 'page' | 'size', string | null>>, replace = false) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch) as [string, string | null | undefined][]) {
            if (v === null || v === undefined || v === '' || (k === 'page' && v === '1')) next.delete(k);
            else next.set(k, v);
          }
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace },
      );
    },
    [setParams],
  );

  const reset = useCallback(() => setParams(new URLSearchParams(), { replace: false }), [setParams]);
  const active = names.some((n) => values[n] !== '');
  return { values, page, offset: (page - 1) * limit, limit, update, reset, active };
}

/** A search box that writes to the URL a moment after typing stops. */
export function SearchField({
  label,
  description,
  placeholder,
  value,
  onChange,
}: {
  label: string;
  description?: string;
  placeholder?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, 350);
  useEffect(() => setText(value), [value]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled new text is sent
  useEffect(() => {
    if (debounced.trim() !== value) onChange(debounced.trim());
  }, [debounced]);
  return (
    <TextInput
      type="search"
      label={label}
      description={description}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onChange(text.trim());
      }}
      placeholder={placeholder ?? ru.common.searchPlaceholder}
      miw={220}
      style={{ flex: '1 1 260px' }}
    />
  );
}

export function ListFooter({
  total,
  page,
  limit,
  onPage,
  onLimit,
}: {
  total: number;
  page: number;
  limit: number;
  onPage: (page: number) => void;
  /** With it, the user chooses how many rows a page shows. */
  onLimit?: (limit: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / limit));
  const from = total === 0 ? 0 : (page - 1) * limit + 1;
  const to = Math.min(total, page * limit);
  return (
    <Group justify="space-between" mt="md" gap="sm">
      <Group gap="sm">
        <Text size="sm" c="dimmed" aria-live="polite">
          {total > 0 ? ru.common.shown(from, to, total) : ru.common.total(0)}
        </Text>
        {onLimit ? (
          <NativeSelect
            size="xs"
            aria-label={applicationsText.pageSize}
            value={String(limit)}
            data={PAGE_SIZES.map((n) => String(n))}
            onChange={(e) => onLimit(Number(e.currentTarget.value))}
            w={80}
          />
        ) : null}
      </Group>
      {pages > 1 ? (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={onPage}
          size="sm"
          siblings={1}
          aria-label={ru.common.pagination}
          getControlProps={(control) => ({ 'aria-label': ru.common.pageControls[control] })}
          getItemProps={(p) => ({ 'aria-label': ru.common.pageN(p) })}
        />
      ) : null}
    </Group>
  );
}

type PageQuery<T> = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: { items: T[]; total: number } | undefined;
  refetch: () => unknown;
};

/** The loading, error and empty states of a list query; `children` renders the rows. */
export function ListState<T>({
  query,
  filtered,
  children,
}: {
  query: PageQuery<T>;
  filtered: boolean;
  children: (items: T[]) => ReactNode;
}) {
  if (query.isPending) return <PageLoader />;
  if (query.isError || !query.data)
    return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <EmptyRows hint={filtered ? ru.common.emptyHint : undefined} />;
  return <>{children(query.data.items)}</>;
}
