// A column header that sorts its list. A list's order is one text, as the API takes it and the URL
// keeps it (`sort`): a field for ascending, `-field` for descending. A press on another column sorts
// by it (counts and sums the largest first, `descFirst`); a press on the current one turns it round.
import { Table, UnstyledButton } from '@mantine/core';
import { ru } from '../i18n/ru';

export function SortableTh({
  field,
  label,
  sort,
  onSort,
  descFirst = false,
  ta,
  w,
}: {
  field: string;
  label: string;
  /** The list's order now (its default when the URL names none). */
  sort: string;
  onSort: (sort: string) => void;
  descFirst?: boolean;
  ta?: 'left' | 'right';
  w?: number;
}) {
  const current = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
  const next =
    current === 'ascending'
      ? `-${field}`
      : current === 'descending'
        ? field
        : descFirst
          ? `-${field}`
          : field;
  return (
    <Table.Th ta={ta} w={w} aria-sort={current}>
      <UnstyledButton
        onClick={() => onSort(next)}
        aria-label={ru.common.sortBy(label)}
        data-testid={`sort-${field}`}
        fw={700}
        fz="inherit"
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
      >
        {label}
        <span aria-hidden>{current === 'ascending' ? '↑' : current === 'descending' ? '↓' : '↕'}</span>
      </UnstyledButton>
    </Table.Th>
  );
}
