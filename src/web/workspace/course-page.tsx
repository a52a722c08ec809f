// One course of the department: its state with the lifecycle buttons the server offers (and, for a
// draft, what still keeps it from the catalog), its fields, schedule, places and quotas, files, the
// responsible manager (a head reassigns) and the history of its states. From the close of its
// applications on, tabs (kept in the URL) add its attendance journal, its groups, its learners' results and their documents.
import { Alert, Button, Card, Group, List, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type ReactNode, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { type Course, type CourseAction, courseUpdate } from '../../contract/catalog';
import { ApiError } from '../api';
import { AttendanceTab } from '../attendance/attendance-tab';
import { useMe } from '../auth/session';
import { StatusBadge } from '../catalog/catalog-page';
import { CertificatesTab } from '../certificates/certificates-tab';
import { GroupsTab } from '../groups/groups-tab';
import { ResultsTab } from '../groups/results-tab';
import { attendanceText } from '../i18n/attendance';
import { certificatesText } from '../i18n/certificates';
import { groupsText } from '../i18n/groups';
import { ru } from '../i18n/ru';
import { workspaceText } from '../i18n/workspace';
import { formatDateTime } from '../ui/format';
import { focusFirstInvalid, showError, showSuccess, zodResolver } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { SaveOrReadOnly } from '../ui/save-bar';
import {
  CourseFields,
  type CourseValues,
  courseBody,
  courseValues,
  emptyCourse,
  ManagerSelect,
  requireDates,
} from './course-fields';
import { HistoryCard } from './course-history';
import { QuotasCard } from './course-quotas';
import { ScheduleCard } from './course-schedule';
import { FilesCard } from './files-card';
import { useCourse, useCourseMutations } from './queries';
import { staffDepartments } from './staff';
import { useSync } from './sync';

const LISTED = ['published', 'closed', 'running'];
type Confirmable = Exclude<CourseAction, 'publish'>;
const ACTIONS: CourseAction[] = ['publish', 'close', 'cancel', 'archive'];

/** Close, cancel (with a reason) or archive, after saying what it means. */
function ActionDialog({
  course,
  action,
  onClose,
}: {
  course: Course;
  action: Confirmable | null;
  onClose: () => void;
}) {
  const mutations = useCourseMutations(course.id);
  const form = useForm({
    initialValues: { reason: '' },
    validate: {
      reason: (v) => (action === 'cancel' && !v.trim() ? workspaceText.cancelReasonRequired : null),
    },
  });
  const submit = form.onSubmit(async ({ reason }) => {
    if (!action) return;
    try {
      await mutations.action.mutateAsync({
        action,
        ...(action === 'cancel' ? { reason: reason.trim() } : {}),
      });
      showSuccess(workspaceText.actionDone[action]);
      form.reset();
      onClose();
    } catch (error) {
      showError(error, form);
    }
  }, focusFirstInvalid);
  return (
    <AppModal
      opened={action !== null}
      onClose={onClose}
      title={action ? workspaceText.confirmTitle[action] : ''}
      size="md"
    >
      {action ? (
        <form noValidate onSubmit={submit}>
          <Stack>
            <Text>{workspaceText.confirmText[action]}</Text>
            {action === 'cancel' ? (
              <Textarea
                label={workspaceText.cancelReason}
                description={workspaceText.cancelReasonDescription}
                required
                autosize
                minRows={3}
                maxLength={1000}
                data-autofocus
                {...form.getInputProps('reason')}
              />
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                {action === 'cancel' ? workspaceText.keepCourse : ru.actions.cancel}
              </Button>
              <Button
                type="submit"
                color={action === 'cancel' ? 'red' : 'primary'}
                loading={mutations.action.isPending}
              >
                {workspaceText.actions[action]}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </AppModal>
  );
}

function LifecycleCard({ course, staff }: { course: Course; staff: boolean }) {
  const mutations = useCourseMutations(course.id);
  const [confirming, setConfirming] = useState<Confirmable | null>(null);
  const available = ACTIONS.filter((a) => course.abilities[a]);
  const problems = course.publishProblems;
  const publish = async () => {
    try {
      await mutations.action.mutateAsync({ action: 'publish' });
      showSuccess(workspaceText.actionDone.publish);
    } catch (error) {
      showError(error);
    }
  };
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="course-state">
      <Group gap="sm" mb="sm">
        <Title order={2} size="h4" id="course-state">
          {workspaceText.lifecycle}
        </Title>
        <StatusBadge status={course.status} ended={course.studyEnded} staff />
      </Group>
      <Stack gap="sm">
        {course.publishedAt ? (
          <Text size="sm" c="dimmed">
            {workspaceText.publishedAt(formatDateTime(course.publishedAt))}
          </Text>
        ) : null}
        {course.status === 'cancelled' ? (
          <Alert color="red" title={workspaceText.cancelledTitle}>
            {course.cancelReason}
          </Alert>
        ) : null}
        {course.status === 'draft' && problems.length > 0 ? (
          <Alert color="orange" variant="light" title={workspaceText.publishProblems} aria-live="polite">
            <List size="sm" spacing={4}>
              {problems.map((p) => (
                <List.Item key={`${p.field} ${p.message}`}>{p.message}</List.Item>
              ))}
            </List>
            {problems.some((p) => p.field.startsWith('program')) ? (
              <Button
                component={Link}
                to={`/workspace/programs/${course.program.id}`}
                variant="subtle"
                size="xs"
                mt="xs"
              >
                {workspaceText.openProgram}
              </Button>
            ) : null}
          </Alert>
        ) : null}
        {course.status === 'draft' && problems.length === 0 ? (
          <Text size="sm" c="teal" aria-live="polite">
            {workspaceText.publishReady}
          </Text>
        ) : null}
        {available.length > 0 ? (
          <Group gap="sm">
            {available.map((a) =>
              a === 'publish' ? (
                <Button
                  key={a}
                  onClick={() => void publish()}
                  loading={mutations.action.isPending}
                  disabled={problems.length > 0}
                >
                  {workspaceText.actions.publish}
                </Button>
              ) : (
                <Button
                  key={a}
                  variant="light"
                  color={a === 'cancel' ? 'red' : 'primary'}
                  onClick={() => setConfirming(a)}
                >
                  {workspaceText.actions[a]}
                </Button>
              ),
            )}
          </Group>
        ) : staff ? (
          <Text size="sm" c="dimmed">
            {course.status === 'running' ? workspaceText.runningNext : workspaceText.noActions}
          </Text>
        ) : null}
      </Stack>
      <ActionDialog course={course} action={confirming} onClose={() => setConfirming(null)} />
    </Card>
  );
}

const checkUpdate = zodResolver(courseUpdate);

function MainCard({ course, readOnlyNote }: { course: Course; readOnlyNote: string }) {
  const { update } = useCourseMutations(course.id);
  const form = useForm<CourseValues>({
    initialValues: emptyCourse,
    validate: (values) => ({
      ...checkUpdate(courseBody(values)),
      ...requireDates(values, ['startsOn', 'endsOn', 'applyUntil']),
    }),
  });
  useSync(courseValues(course), () => {
    form.setValues(courseValues(course));
    form.resetDirty(courseValues(course));
  });
  const canEdit = course.abilities.update;
  const submit = form.onSubmit(async (values) => {
    try {
      await update.mutateAsync(courseBody(values));
      showSuccess(workspaceText.courseUpdated);
    } catch (error) {
      showError(error, form);
    }
  }, focusFirstInvalid);
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="course-main">
      <Title order={2} size="h4" mb="md" id="course-main">
        {workspaceText.mainSection}
      </Title>
      <form noValidate onSubmit={submit}>
        <Stack>
          <CourseFields form={form} readOnly={!canEdit} />
          <SaveOrReadOnly
            canEdit={canEdit}
            saving={update.isPending}
            dirty={form.isDirty()}
            readOnlyNote={readOnlyNote}
          />
        </Stack>
      </form>
    </Card>
  );
}

/** The head names the responsible manager among the department's active managers. */
function ManagerCard({ course }: { course: Course }) {
  const { manager } = useCourseMutations(course.id);
  const [managerId, setManagerId] = useState(course.manager?.id ?? '');
  useSync(course.manager?.id, () => setManagerId(course.manager?.id ?? ''));
  const assign = async () => {
    if (!managerId) return;
    try {
      await manager.mutateAsync(managerId);
      showSuccess(workspaceText.managerAssigned);
    } catch (error) {
      showError(error);
    }
  };
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="course-manager">
      <Title order={2} size="h4" mb="md" id="course-manager">
        {workspaceText.managerSection}
      </Title>
      <Group align="flex-end" gap="sm">
        <ManagerSelect
          departmentId={course.departmentId}
          label={workspaceText.manager}
          value={managerId}
          onChange={setManagerId}
          miw={280}
          style={{ flex: '0 1 420px' }}
        />
        <Button
          onClick={() => void assign()}
          loading={manager.isPending}
          disabled={!managerId || managerId === course.manager?.id}
        >
          {workspaceText.assign}
        </Button>
      </Group>
    </Card>
  );
}

function CourseView({ course }: { course: Course }) {
  // Staff of the course's department are stopped by its state; others by their role.
  const staff = staffDepartments(useMe()).some((d) => d.id === course.departmentId);
  return (
    <>
      <PageHeader
        title={course.program.title}
        lead={workspaceText.courseLead(
          course.departmentName,
          course.manager?.fullName ?? workspaceText.noManager,
        )}
        actions={
          <>
            <Button component={Link} to={`/workspace/programs/${course.program.id}`} variant="default">
              {workspaceText.openProgram}
            </Button>
            {LISTED.includes(course.status) ? (
              <Button component={Link} to={`/catalog/${course.id}`} variant="default">
                {workspaceText.openInCatalog}
              </Button>
            ) : null}
          </>
        }
      />
      <CourseTabs course={course}>
        <Stack gap="lg">
          <LifecycleCard course={course} staff={staff} />
          <MainCard course={course} readOnlyNote={staff ? workspaceText.readOnly : workspaceText.staffOnly} />
          <ScheduleCard course={course} />
          <QuotasCard
            course={course}
            readOnlyNote={staff ? workspaceText.quotasReadOnly : workspaceText.staffOnly}
          />
          <FilesCard
            owner="courses"
            ownerId={course.id}
            files={course.files}
            canEdit={course.abilities.editFiles}
            lead={workspaceText.filesLead}
          />
          {course.abilities.reassign ? <ManagerCard course={course} /> : null}
          <HistoryCard courseId={course.id} />
        </Stack>
      </CourseTabs>
    </>
  );
}

/** States in which a course has (or is about to have) groups of learners. */
const STUDY = ['closed', 'running', 'finished', 'archived'];
const TABS = ['course', 'attendance', 'groups', 'results', 'documents'] as const;
type Tab = (typeof TABS)[number];

/** The course's own page, then its journal, groups, results and documents once applications are closed; the tab is in the URL (`?tab=`). */
function CourseTabs({ course, children }: { course: Course; children: ReactNode }) {
  const [params, setParams] = useSearchParams();
  if (!STUDY.includes(course.status)) return <>{children}</>;
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : 'course';
  const choose = (value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (!value || value === 'course') next.delete('tab');
        else next.set('tab', value);
        return next;
      },
      { replace: true },
    );
  return (
    <Tabs value={tab} onChange={choose} keepMounted={false}>
      <Tabs.List aria-label={groupsText.tabsLabel} mb="lg">
        <Tabs.Tab value="course">{groupsText.tabCourse}</Tabs.Tab>
        <Tabs.Tab value="attendance">{attendanceText.tabTitle}</Tabs.Tab>
        <Tabs.Tab value="groups">{groupsText.tabGroups}</Tabs.Tab>
        <Tabs.Tab value="results">{groupsText.tabResults}</Tabs.Tab>
        <Tabs.Tab value="documents">{certificatesText.tabTitle}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="course">{children}</Tabs.Panel>
      <Tabs.Panel value="attendance">
        <AttendanceTab courseId={String(course.id)} />
      </Tabs.Panel>
      <Tabs.Panel value="groups">
        <GroupsTab courseId={course.id} />
      </Tabs.Panel>
      <Tabs.Panel value="results">
        <ResultsTab courseId={course.id} />
      </Tabs.Panel>
      <Tabs.Panel value="documents">
        <CertificatesTab courseId={String(course.id)} />
      </Tabs.Panel>
    </Tabs>
  );
}

export function CourseEditorPage() {
  const { id = '' } = useParams();
  const query = useCourse(id);
  let body: ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (query.isError && query.error instanceof ApiError && query.error.status === 404)
    body = <PageHeader title={workspaceText.courseNotFound} lead={workspaceText.courseNotFoundText} />;
  else if (query.isError || !query.data)
    body = <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  else body = <CourseView course={query.data} />;
  return (
    <Stack gap={0}>
      {body}
      <div>
        <Button component={Link} to="/workspace/courses" variant="subtle" mt="lg">
          {workspaceText.backToCourses}
        </Button>
      </div>
    </Stack>
  );
}
