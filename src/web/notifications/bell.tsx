// The bell in the signed-in header: the unread count (polled, and re-read when the tab regains
// focus) and a dropdown of the latest notifications with their links and «mark all read».
import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Notification } from '../../contract/notifications';
import { keys } from '../api';
import { notificationsText } from '../i18n/notifications';
import { formatDateTime } from '../ui/format';
import { showError } from '../ui/forms';
import { PageLoader } from '../ui/page';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './queries';

const LATEST = 8;

/** Only a path of this site is followed: a notification never sends anyone elsewhere. */
export const localPath = (link: string | null) =>
  link?.startsWith('/') && !link.startsWith('//') ? link : null;

export function BellIcon({ size = 22 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

function Item({ item, onOpen }: { item: Notification; onOpen: (item: Notification) => void }) {
  const unread = item.readAt === null;
  return (
    <UnstyledButton
      onClick={() => onOpen(item)}
      px="md"
      py="xs"
      w="100%"
      bg={unread ? 'primary.0' : undefined}
      aria-label={unread ? `${notificationsText.unread}: ${item.title}` : item.title}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Box
          mt={6}
          w={8}
          h={8}
          style={{
            flexShrink: 0,
            borderRadius: '50%',
            background: unread ? 'var(--mantine-color-red-6)' : 'transparent',
          }}
        />
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="sm" fw={unread ? 600 : 400} lineClamp={2}>
            {item.title}
          </Text>
          {item.body ? (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {item.body}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            {formatDateTime(item.at)}
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

export function NotificationBell() {
  const [opened, setOpened] = useState(false);
  const count = useUnreadCount();
  const latest = useNotifications({ limit: LATEST }, { enabled: opened });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const unread = count.data?.unread ?? 0;

  // A new count means new (or elsewhere read) notifications: lists shown anywhere are re-read.
  const previous = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (previous.current !== undefined && previous.current !== count.data?.unread)
      void queryClient.invalidateQueries({ queryKey: keys.notifications.lists });
    previous.current = count.data?.unread;
  }, [count.data?.unread, queryClient]);

  const open = (item: Notification) => {
    if (item.readAt === null) markRead.mutate(item.id, { onError: (error) => showError(error) });
    setOpened(false);
    const path = localPath(item.link);
    if (path) void navigate(path);
  };

  const items = latest.data?.items ?? [];
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      width="min(400px, calc(100vw - 16px))"
      position="bottom-end"
      shadow="md"
      withArrow
      trapFocus={false}
      returnFocus
    >
      {/* The target is the button itself: its aria-expanded would not be allowed on the badge's div. */}
      <Indicator
        label={unread}
        maxValue={99}
        size={18}
        offset={6}
        color="red"
        disabled={unread === 0}
        data-testid="notification-count"
      >
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={() => setOpened((o) => !o)}
            aria-label={notificationsText.bell(unread)}
            aria-haspopup="dialog"
            aria-expanded={opened}
            data-testid="notification-bell"
            data-unread={unread}
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown p={0} aria-label={notificationsText.latest}>
        <Text fw={600} px="md" py="xs">
          {notificationsText.latest}
        </Text>
        <Divider />
        {latest.isPending ? (
          <PageLoader />
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed" px="md" py="lg" ta="center">
            {notificationsText.none}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={420}>
            <Stack gap={0}>
              {items.map((item) => (
                <Item key={item.id} item={item} onOpen={open} />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
        <Divider />
        <Group justify="space-between" px="md" py="xs" gap="xs" wrap="nowrap">
          <Anchor component={Link} to="/notifications" size="sm" onClick={() => setOpened(false)}>
            {notificationsText.showAll}
          </Anchor>
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate(items[0]?.id, { onError: (error) => showError(error) })}
          >
            {notificationsText.markAllRead}
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
