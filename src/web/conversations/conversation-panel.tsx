// One course × territory thread: its messages (the reader's on the right), earlier ones on request,
// and a box to write. Opening a thread with unread messages marks it read. Other pages (the
// baskets) embed it by course and territory.
import {
  Alert,
  Anchor,
  Box,
  Button,
  Card,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { MAX_MESSAGE, type Message, messageInput, type Thread } from '../../contract/conversations';
import { catalogText } from '../i18n/catalog';
import { conversationsText } from '../i18n/conversations';
import { formatDate, formatDateTime } from '../ui/format';
import { showError, zodResolver } from '../ui/forms';
import { LoadError, PageLoader } from '../ui/page';
import { useScrollRegion } from '../ui/wide-table';
import { useMarkRead, usePostMessage, useThread } from './queries';

const text = conversationsText;
const PAGE = 50;
const MAX_PAGE = 200;
const IN_CATALOG = new Set(['published', 'closed', 'running']);
const validate = zodResolver(messageInput);

function MessageBubble({ message }: { message: Message }) {
  return (
    <Group justify={message.own ? 'flex-end' : 'flex-start'}>
      <Paper
        px="md"
        py="xs"
        radius="md"
        maw="85%"
        bg={message.own ? 'var(--mantine-color-primary-light)' : 'var(--mantine-color-gray-1)'}
      >
        <Group gap="xs" justify="space-between" wrap="nowrap">
          <Text size="xs" fw={600}>
            {message.own ? text.you : message.authorName}
          </Text>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {formatDateTime(message.createdAt)}
          </Text>
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {message.body}
        </Text>
      </Paper>
    </Group>
  );
}

/** The thread's heading: the course (linked to its page in the catalog), dates, department and territory. */
export function ThreadHeading({ thread }: { thread: Thread }) {
  const dates = catalogText.dates(formatDate(thread.courseStartsOn), formatDate(thread.courseEndsOn));
  return (
    <Stack gap={2}>
      <Title order={2} size="h4">
        {IN_CATALOG.has(thread.courseStatus) ? (
          <Anchor component={Link} to={`/catalog/${thread.courseId}`} inherit>
            {thread.courseTitle}
          </Anchor>
        ) : (
          thread.courseTitle
        )}
      </Title>
      <Text size="sm" c="dimmed">
        {text.between(thread.departmentName, thread.territoryName)} · {dates}
      </Text>
    </Stack>
  );
}

function SendBox({ courseId, territoryId }: { courseId: string; territoryId: string }) {
  const form = useForm({ initialValues: { body: '' }, validate });
  const post = usePostMessage(courseId, territoryId);
  const submit = form.onSubmit(({ body }) =>
    post.mutate(body, {
      onSuccess: () => form.reset(),
      onError: (error) => showError(error, form),
    }),
  );
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="xs">
        <Textarea
          label={text.message}
          placeholder={text.messagePlaceholder}
          description={text.sendHint}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={MAX_MESSAGE}
          {...form.getInputProps('body')}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={post.isPending}>
            {text.send}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ConversationPanel({
  courseId,
  territoryId,
  withHeading = true,
}: {
  courseId: string;
  territoryId: string;
  /** Off where the page around already names the course and the territory. */
  withHeading?: boolean;
}) {
  const [limit, setLimit] = useState(PAGE);
  const query = useThread(courseId, territoryId, limit);
  const markRead = useMarkRead();
  const thread = query.data;
  // A long thread scrolls within its box (on a phone, always): the keyboard scrolls it too.
  const log = useScrollRegion(text.messages);
  const viewport = log.element;
  const lastId = thread?.messages.at(-1)?.id;

  // biome-ignore lint/correctness/useExhaustiveDependencies: mark read when something new arrives
  useEffect(() => {
    if (thread?.id && thread.unreadCount > 0 && !markRead.isPending) markRead.mutate(thread.id);
  }, [thread?.id, thread?.unreadCount, lastId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the newest message
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [lastId]);

  if (query.isPending) return <PageLoader />;
  if (query.isError || !thread) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Card withBorder padding="lg" radius="md">
      <Stack gap="md">
        {withHeading ? <ThreadHeading thread={thread} /> : null}
        {thread.messages.length === 0 ? (
          <Text c="dimmed" size="sm">
            {text.empty}
          </Text>
        ) : (
          <ScrollArea.Autosize
            mah={520}
            type={log.type}
            viewportRef={log.viewportRef}
            viewportProps={log.viewportProps}
            offsetScrollbars
          >
            <Stack gap="sm" aria-live="polite" aria-label={text.messages}>
              {thread.hasEarlier && limit < MAX_PAGE ? (
                <Box ta="center">
                  <Button variant="subtle" size="xs" onClick={() => setLimit(MAX_PAGE)}>
                    {text.earlier}
                  </Button>
                </Box>
              ) : null}
              {thread.messages.map((m) => (
                <MessageBubble key={m.id} message={m} />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
        {thread.canPost ? (
          <SendBox courseId={courseId} territoryId={territoryId} />
        ) : (
          <Alert color="gray">{text.readOnly}</Alert>
        )}
      </Stack>
    </Card>
  );
}
