// Positions of teachers for the operator: the list, adding and renaming.
import { Button, Card, Group, Table, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Position } from '../../contract/directory';
import { api, keys } from '../api';
import { positionsText } from '../i18n/positions';
import { ru } from '../i18n/ru';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { PageHeader } from '../ui/page';
import { NameModal } from './name-modal';
import { usePositions } from './queries';

export function PositionsPage() {
  const queryClient = useQueryClient();
  const list = useUrlFilters(['q'] as const);
  const query = usePositions({ q: list.values.q, limit: list.limit, offset: list.offset });
  const [modal, setModal] = useState<{ position: Position | null } | null>(null);

  return (
    <>
      <PageHeader
        title={positionsText.title}
        lead={positionsText.lead}
        actions={<Button onClick={() => setModal({ position: null })}>{positionsText.add}</Button>}
      />
      <Card withBorder padding="md" radius="md">
        <Group mb="md" align="flex-end">
          <SearchField
            label={ru.actions.search}
            value={list.values.q}
            onChange={(q) => list.update({ q }, true)}
          />
        </Group>
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{positionsText.name}</Table.Th>
                  <Table.Th w={1}>
                    <VisuallyHidden>{ru.common.actionsColumn}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>
                      {p.abilities.update ? (
                        <Button size="xs" variant="light" onClick={() => setModal({ position: p })}>
                          {ru.actions.rename}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </ListState>
        {query.data ? (
          <ListFooter
            total={query.data.total}
            page={list.page}
            limit={list.limit}
            onPage={(page) => list.update({ page: String(page) })}
          />
        ) : null}
      </Card>
      <NameModal
        opened={modal !== null}
        onClose={() => setModal(null)}
        title={modal?.position ? positionsText.editTitle : positionsText.createTitle}
        initialName={modal?.position?.name ?? ''}
        submitLabel={modal?.position ? ru.actions.save : ru.actions.create}
        savedMessage={modal?.position ? positionsText.updated : positionsText.created}
        save={(body) =>
          modal?.position
            ? api.patch<Position>(`/positions/${modal.position.id}`, body)
            : api.post<Position>('/positions', body)
        }
        onSaved={() => queryClient.invalidateQueries({ queryKey: keys.positions.all })}
      />
    </>
  );
}
