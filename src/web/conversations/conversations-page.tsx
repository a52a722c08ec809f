// The reader's conversations: threads of their department's courses (managers, heads) or of their
// territory (methodists), newest first with unread counts; and a new thread about a course.
import { Badge, Button, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CatalogItem } from '../../contract/catalog';
import type { Page } from '../../contract/common';
import { api, keys } from '../api';
import { grantsOf, useMe } from '../auth/session';
import { RemoteSelect, TerritorySelect } from '../directory/selects';
import { catalogText } from '../i18n/catalog';
import { conversationsText } from '../i18n/conversations';
import { ru } from '../i18n/ru';
import { formatDate, formatDateTime } from '../ui/format';
import { ListFooter, ListState, useUrlFilters } from '../ui/list';
import { AppModal } from '../ui/modal';
import { PageHeader } from '../ui/page';
import { useConversations } from './queries';

const text = conversationsText;

function NewConversationModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const territories = grantsOf(me, 'methodist');
  const departments = [...grantsOf(me, 'manager'), ...grantsOf(me, 'head')].flatMap((g) =>
    g.departmentId ? [g.departmentId] : [],
  );
  const staff = departments.length > 0;
  const [courseId, setCourseId] = useState('');
  const [territoryId, setTerritoryId] = useState(staff ? '' : (territories[0]?.territoryId ?? ''));
  // A department's staff write about their courses; a methodist about any course in the catalog.
  const departmentId = staff && departments.length === 1 ? departments[0] : undefined;
  return (
    <AppModal opened={opened} onClose={onClose} title={text.newTitle} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {staff ? text.newLeadStaff : text.newLeadMethodist}
        </Text>
        <RemoteSelect
          label={text.course}
          placeholder={ru.common.searchPlaceholder}
          required
          value={courseId}
          onChange={setCourseId}
          queryKey={(q) => keys.catalog.list({ q, departmentId, limit: 50, for: 'conversation' })}
          load={async (q, signal) => {
            const page = await api.get<Page<CatalogItem>>('/catalog', { q, departmentId, limit: 50 }, signal);
            return page.items.map((c) => ({
              value: c.id,
              label: `${c.title} (${catalogText.dates(formatDate(c.startsOn), formatDate(c.endsOn))})`,
            }));
          }}
        />
        {staff ? (
          <TerritorySelect label={text.territory} required value={territoryId} onChange={setTerritoryId} />
        ) : territories.length > 1 ? (
          <Select
            label={text.territory}
            required
            data={territories.map((g) => ({ value: g.territoryId ?? '', label: g.territoryName ?? '' }))}
            value={territoryId || null}
            onChange={(v) => setTerritoryId(v ?? '')}
          />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {ru.actions.cancel}
          </Button>
          <Button
            disabled={!courseId || !territoryId}
            onClick={() => void navigate(`/conversations/courses/${courseId}/territories/${territoryId}`)}
          >
            {text.open}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

export function ConversationsPage() {
  const list = useUrlFilters([] as const);
  const query = useConversations({ limit: list.limit, offset: list.offset });
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={text.title}
        lead={text.lead}
        actions={<Button onClick={() => setCreating(true)}>{text.new}</Button>}
      />
      <Card withBorder padding="md" radius="md">
        <ListState query={query} filtered={false}>
          {(items) => (
            <Table.ScrollContainer minWidth={720}>
              <Table highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{text.course}</Table.Th>
                    <Table.Th>{text.territory}</Table.Th>
                    <Table.Th>{text.lastMessage}</Table.Th>
                    <Table.Th>{text.unread}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Text
                          component={Link}
                          to={`/conversations/${c.id}`}
                          size="sm"
                          fw={c.unreadCount > 0 ? 700 : 500}
                          c="primary"
                        >
                          {c.courseTitle}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {c.departmentName} ·{' '}
                          {catalogText.dates(formatDate(c.courseStartsOn), formatDate(c.courseEndsOn))}
                        </Text>
                      </Table.Td>
                      <Table.Td>{c.territoryName}</Table.Td>
                      <Table.Td maw={360}>
                        {c.lastMessage ? (
                          <>
                            <Text size="sm" lineClamp={2}>
                              {c.lastMessage.own ? text.you : c.lastMessage.authorName}: {c.lastMessage.body}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {formatDateTime(c.lastMessageAt)}
                            </Text>
                          </>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        {c.unreadCount > 0 ? (
                          <Badge color="red" variant="filled" aria-label={text.unreadLabel(c.unreadCount)}>
                            {c.unreadCount}
                          </Badge>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
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
      <NewConversationModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
