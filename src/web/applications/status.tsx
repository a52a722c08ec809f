// How an application's state looks: its Russian name (the contract's) on a badge of its colour, the
// place in the waitlist and the reason the teacher was given; and the lists' filter by state.
import { Badge, Select, type SelectProps, Stack, Text } from '@mantine/core';
import {
  ACTIVE_STATUSES,
  type ApplicationAction,
  type ApplicationStatus,
  type ApplicationSummary,
} from '../../contract/applications';
import { applicationsText } from '../i18n/applications';

const text = applicationsText;

/** The contract's names; the actions' as buttons. */
export const STATUS_LABEL: Record<ApplicationStatus, string> = text.statuses;
export const ACTION_LABEL: Record<ApplicationAction, string> = text.actions;

export const STATUS_COLOR: Record<ApplicationStatus, string> = {
  submitted: 'blue',
  rejected: 'red',
  forwarded: 'teal',
  waitlisted: 'yellow',
  declined: 'red',
  withdrawn: 'gray',
  enrolled: 'indigo',
  no_show: 'orange',
  completed: 'green',
  not_completed: 'grape',
};

/** States that still count (one per teacher and course). */
export const ACTIVE: readonly ApplicationStatus[] = ACTIVE_STATUSES;

/** States whose reason the teacher is told. */
const WITH_REASON: readonly ApplicationStatus[] = ['rejected', 'declined', 'not_completed'];

export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" radius="sm" style={{ flexShrink: 0 }}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}

/** The badge with the waitlist position and, for a refusal, its reason. */
export function ApplicationState({ application }: { application: ApplicationSummary }) {
  const reason = WITH_REASON.includes(application.status) ? application.reason : null;
  return (
    <Stack gap={4} align="flex-start">
      <ApplicationStatusBadge status={application.status} />
      {application.waitlistPosition !== null ? (
        <Text size="xs" c="dimmed">
          {text.waitlistPosition(application.waitlistPosition)}
        </Text>
      ) : null}
      {reason ? (
        <Text size="xs" style={{ whiteSpace: 'pre-line' }}>
          {text.reason}: {reason}
        </Text>
      ) : null}
    </Stack>
  );
}

/** A list's filter by state: one of `statuses`, or any. */
export function StatusFilter({
  statuses,
  value,
  onChange,
  ...layout
}: {
  statuses: readonly ApplicationStatus[];
  value: string;
  onChange: (status: string | null) => void;
} & Pick<SelectProps, 'miw' | 'style'>) {
  return (
    <Select
      label={text.filterStatus}
      placeholder={text.filterStatusAny}
      data={statuses.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
      clearable
      value={value || null}
      onChange={(status) => onChange(status)}
      {...layout}
    />
  );
}
