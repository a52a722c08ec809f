// A thread on a page of its own: by id (a notification's link, the list) or by course × territory
// (a new thread, before its first message).
import { Anchor, Stack } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { conversationsText } from '../i18n/conversations';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { ConversationPanel } from './conversation-panel';
import { useThreadById } from './queries';

const text = conversationsText;

function Frame({ courseId, territoryId }: { courseId: string; territoryId: string }) {
  return (
    <Stack>
      <PageHeader
        title={text.threadTitle}
        actions={
          <Anchor component={Link} to="/conversations" size="sm">
            {text.back}
          </Anchor>
        }
      />
      <ConversationPanel courseId={courseId} territoryId={territoryId} />
    </Stack>
  );
}

export function ThreadPage() {
  const { id = '' } = useParams();
  const query = useThreadById(id);
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return <Frame courseId={query.data.courseId} territoryId={query.data.territoryId} />;
}

export function CourseThreadPage() {
  const { courseId = '', territoryId = '' } = useParams();
  return <Frame courseId={courseId} territoryId={territoryId} />;
}
