// A job followed on the page that started it: its state, a progress bar while it runs, the
// download once done, the reason if it failed. It keeps polling by itself (queries.ts).
import { Alert, Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import type { JobState, JobView } from '../../contract/jobs';
import { jobsText } from '../i18n/jobs';
import { formatDateTime } from '../ui/format';
import { jobResultUrl, useJob } from './queries';

const text = jobsText;
const COLORS: Record<JobState, string> = {
  queued: 'gray',
  running: 'blue',
  done: 'green',
  failed: 'red',
  expired: 'gray',
};

export function JobStateBadge({ state }: { state: JobState }) {
  return (
    <Badge color={COLORS[state]} variant="light">
      {text.states[state]}
    </Badge>
  );
}

const percent = (job: JobView) =>
  job.state === 'done'
    ? 100
    : job.progress.total
      ? Math.round((100 * job.progress.done) / job.progress.total)
      : 0;

/** The download of a done job's file. */
export function JobDownload({ job }: { job: JobView }) {
  if (job.state !== 'done') return null;
  return (
    <Button component="a" href={jobResultUrl(job.id)} size="sm">
      {text.download}
    </Button>
  );
}

export function JobProgress({ jobId }: { jobId: string }) {
  const query = useJob(jobId);
  const job = query.data;
  if (!job) return null;
  const value = percent(job);
  const active = job.state === 'queued' || job.state === 'running';
  return (
    <Stack gap="xs" aria-live="polite" data-testid="job-progress">
      <Group gap="sm" wrap="wrap">
        <Text fw={500}>{job.title}</Text>
        <JobStateBadge state={job.state} />
      </Group>
      {job.state !== 'failed' ? (
        <Progress.Root>
          <Progress.Section
            value={value}
            animated={active}
            striped={active}
            aria-label={text.progressLabel(job.title)}
            aria-valuetext={text.progressText(job.progress.done, job.progress.total)}
          />
        </Progress.Root>
      ) : null}
      {active ? (
        <Text size="sm" c="dimmed">
          {text.progressText(job.progress.done, job.progress.total)}
        </Text>
      ) : null}
      {job.state === 'failed' ? (
        <Alert color="red" title={text.failed} role="alert">
          {job.error}
        </Alert>
      ) : null}
      {job.state === 'done' ? (
        <Group gap="sm" wrap="wrap">
          <JobDownload job={job} />
          <Text size="sm" c="dimmed">
            {text.keptUntil(formatDateTime(job.expiresAt))}
          </Text>
        </Group>
      ) : null}
    </Stack>
  );
}
