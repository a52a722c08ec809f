// A course's attendance journal as a page of its own (the workspace's course page shows the same
// component in its tab): for the department's staff, the readers above them and the methodists
// whose teachers are the course's learners.
import { Button, Stack } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api';
import { useSession } from '../auth/session';
import { attendanceText } from '../i18n/attendance';
import { workspaceText } from '../i18n/workspace';
import { formatDate } from '../ui/format';
import { PageHeader } from '../ui/page';
import { AttendanceTab } from './attendance-tab';
import { useJournal } from './queries';

const text = attendanceText;

export function CourseAttendancePage() {
  const { id = '' } = useParams();
  const query = useJournal(id);
  const { me } = useSession();
  const methodist = me?.roles.some((r) => r.role === 'methodist') ?? false;
  const missing = query.isError && query.error instanceof ApiError && query.error.status === 404;
  const course = query.data?.course;
  return (
    <Stack gap={0}>
      {missing ? (
        <PageHeader title={workspaceText.courseNotFound} lead={workspaceText.courseNotFoundText} />
      ) : (
        <>
          <PageHeader
            title={course ? text.pageTitle(course.title) : text.tabTitle}
            lead={
              course
                ? `${formatDate(course.startsOn)} — ${formatDate(course.endsOn)}. ${text.lead}`
                : text.lead
            }
          />
          <AttendanceTab courseId={id} />
        </>
      )}
      <div>
        {methodist ? (
          <Button component={Link} to="/attendance" variant="subtle" mt="lg">
            {text.territoryTitle}
          </Button>
        ) : (
          <Button component={Link} to={`/workspace/courses/${id}`} variant="subtle" mt="lg">
            {text.backToCourse}
          </Button>
        )}
      </div>
    </Stack>
  );
}
