// All of the person's notifications, newest first, with a filter for the unread ones; each opens
// its link and can be marked read. The filter and the page live in the URL.
import { Badge, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Notification } from '../../contract/notifications';
import { notificationsText } from '../i18n/notifications';
import { formatDateTime } from '../ui/format';
import { showError, showSuccess } from '../ui/forms';
import { ListFooter, ListState, useUrlFilters } from '../ui/list';
import { PageHeader } from '../ui/page';
import { localPath } from './bell';
import { useMarkAllRead, useMarkRead, useNotifications } from './queries';

function NotificationCard({ item }: { item: Notification }) {
  const markRead = useMarkRead();
  const unread = item.readAt === null;
  const path = localPath(item.link);
  const read = () => {
    if (unread) markRead.mutate(item.id, { onError: (error) => showError(error) });
  };
  return (
    <Card
      withBorder
      padding="sm"
      radius="sm"
      component="article"
      aria-label={item.title}
      bg={unread ? 'primary.0' : undefined}
    >
      <Stack gap={6}>
        {/* On a phone the time goes under the title rather than squeezing it into a narrow column. */}
        <Group justify="space-between" gap="xs" align="flex-start">
          <Group gap="xs" wrap="nowrap" align="flex-start" style={{ flex: '1 1 16rem', minWidth: 0 }}>
            {unread ? (
              <Badge size="sm" color="red" variant="filled" style={{ flexShrink: 0 }}>
                {notificationsText.unread}
              </Badge>
            ) : null}
            <Text fw={unread ? 600 : 500}>{item.title}</Text>
          </Group>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {formatDateTime(item.at)}
          </Text>
        </Group>
        {item.body ? (
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {item.body}
          </Text>
        ) : null}
        {path || unread ? (
          <Group gap="xs">
            {path ? (
              <Button component={Link} to={path} size="xs" variant="light" onClick={read}>
                {notificationsText.open}
              </Button>
            ) : null}
            {unread ? (
              <Button size="xs" variant="subtle" onClick={read} loading={markRead.isPending}>
                {notificationsText.markRead}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}

export function NotificationsPage() {
  const list = useUrlFilters(['unread'] as const);
  const onlyUnread = list.values.unread === 'true';
  const params = { unread: onlyUnread ? 'true' : undefined, limit: list.limit, offset: list.offset };
  const query = useNotifications(params);
  const markAll = useMarkAllRead();
  const unread = query.data?.unread ?? 0;
  // On the first page the first item is the newest: a notification arriving meanwhile stays new.
  const newest = list.page === 1 ? query.data?.items[0]?.id : undefined;

  return (
    <>
      <PageHeader
        title={notificationsText.title}
        lead={notificationsText.lead}
        actions={
          <Button
            variant="light"
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() =>
              markAll.mutate(newest, {
                onSuccess: () => showSuccess(notificationsText.allRead),
                onError: (error) => showError(error),
              })
            }
          >
            {notificationsText.markAllRead}
          </Button>
        }
      />
      <Card withBorder padding="md" radius="md">
        <Group mb="md" justify="space-between" gap="md">
          <SegmentedControl
            aria-label={notificationsText.filter}
            value={onlyUnread ? 'unread' : 'all'}
            onChange={(value) => list.update({ unread: value === 'unread' ? 'true' : null })}
            data={[
              { value: 'all', label: notificationsText.filterAll },
              { value: 'unread', label: notificationsText.filterUnread },
            ]}
          />
          {query.data ? (
            <Text size="sm" c="dimmed" aria-live="polite">
              {notificationsText.unreadCount(unread)}
            </Text>
          ) : null}
        </Group>
        {query.data && query.data.items.length === 0 && !query.isError ? (
          <Stack gap={4} py="lg" align="center">
            <Text fw={500}>{onlyUnread ? notificationsText.noneUnread : notificationsText.none}</Text>
            {onlyUnread ? null : (
              <Text size="sm" c="dimmed">
                {notificationsText.noneHint}
              </Text>
            )}
          </Stack>
        ) : (
          <ListState query={query} filtered={list.active}>
            {(items) => (
              <Stack gap="sm">
                {items.map((item) => (
                  <NotificationCard key={item.id} item={item} />
                ))}
              </Stack>
            )}
          </ListState>
        )}
        {query.data ? (
          <ListFooter
            total={query.data.total}
            page={list.page}
            limit={list.limit}
            onPage={(page) => list.update({ page: String(page) })}
          />
        ) : null}
      </Card>
    </>
  );
}
