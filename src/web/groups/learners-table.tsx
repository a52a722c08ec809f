// A table of a course's learners: name, organization, territory and the columns a tab adds, with
// an optional checkbox per row for those that may be chosen.
import { Checkbox, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Learner } from '../../contract/groups';
import { ApplicationStatusBadge } from '../applications/status';
import { groupsText } from '../i18n/groups';
import { WideTable } from '../ui/wide-table';

const text = groupsText;

export type Column = { header: string; cell: (l: Learner) => ReactNode };

export const firstDayColumn: Column = {
  header: text.colFirstDay,
  cell: (l) => (
    <Text size="sm" c={l.firstDay === 'present' ? undefined : 'dimmed'}>
      {l.firstDay ? text.firstDay[l.firstDay] : text.notMarked}
    </Text>
  ),
};

export const statusColumn: Column = {
  header: text.colStatus,
  cell: (l) => <ApplicationStatusBadge status={l.status} />,
};

export function LearnersTable({
  learners,
  label,
  columns,
  choosable,
  chosen,
  onChoose,
}: {
  learners: Learner[];
  label: string;
  columns: Column[];
  /** Whether a learner may be chosen (a checkbox in the first column); none: no checkboxes. */
  choosable?: (l: Learner) => boolean;
  chosen?: ReadonlySet<string>;
  onChoose?: (ids: string[], on: boolean) => void;
}) {
  const open = choosable ? learners.filter(choosable) : [];
  const allOn = open.length > 0 && open.every((l) => chosen?.has(l.applicationId));
  const someOn = open.some((l) => chosen?.has(l.applicationId));
  return (
    <WideTable minWidth={640} label={label}>
      <Table striped highlightOnHover aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {choosable ? (
              <Table.Th w={40}>
                <Checkbox
                  aria-label={text.selectAll}
                  checked={allOn}
                  indeterminate={someOn && !allOn}
                  disabled={open.length === 0}
                  onChange={(e) =>
                    onChoose?.(
                      open.map((l) => l.applicationId),
                      e.currentTarget.checked,
                    )
                  }
                />
              </Table.Th>
            ) : null}
            <Table.Th>{text.colName}</Table.Th>
            <Table.Th>{text.colOrganization}</Table.Th>
            <Table.Th>{text.colTerritory}</Table.Th>
            {columns.map((c) => (
              <Table.Th key={c.header}>{c.header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {learners.map((l) => (
            <Table.Tr key={l.applicationId}>
              {choosable ? (
                <Table.Td>
                  {choosable(l) ? (
                    <Checkbox
                      aria-label={text.selectLearner(l.teacherName)}
                      checked={chosen?.has(l.applicationId) ?? false}
                      onChange={(e) => onChoose?.([l.applicationId], e.currentTarget.checked)}
                    />
                  ) : null}
                </Table.Td>
              ) : null}
              <Table.Td>{l.teacherName}</Table.Td>
              <Table.Td>{l.organizationName}</Table.Td>
              <Table.Td>{l.territoryName}</Table.Td>
              {columns.map((c) => (
                <Table.Td key={c.header}>{c.cell(l)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </WideTable>
  );
}

/** The chosen ids of a list, kept while it changes: `toggle(ids, on)`; ids no longer offered drop out. */
export function toggleSet(set: ReadonlySet<string>, ids: string[], on: boolean): Set<string> {
  const next = new Set(set);
  for (const id of ids) on ? next.add(id) : next.delete(id);
  return next;
}
