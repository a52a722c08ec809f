// The workflow's actions from a page: one application or a selection. Withdrawing asks first;
// rejecting, declining and expelling ask for the reason the teacher will read (required here and
// on the server); the rest act at once. A bulk action reports each application's outcome.
import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type {
  ApplicationAction,
  ApplicationStatus,
  ApplicationSummary,
  BulkResult,
} from '../../contract/applications';
import { useSession } from '../auth/session';
import { applicationsText } from '../i18n/applications';
import { ru } from '../i18n/ru';
import { focusFirstInvalid, showError, showSuccess } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { useApplicationAction, useBulkAction } from './queries';
import { ACTION_LABEL, STATUS_LABEL } from './status';

const text = applicationsText;

/** Actions whose reason the teacher is told: the server refuses them without one. */
export const NEEDS_REASON: readonly ApplicationAction[] = ['reject', 'decline', 'fail'];
/** Actions that cannot be undone by the one who takes them without a reason: asked first. */
const CONFIRM: readonly ApplicationAction[] = ['withdraw'];
const MAX_REASON = 1000;

/** What a bulk action did, ready to show: counts by the resulting state and each failure. */
export type BulkOutcome = {
  action: ApplicationAction;
  total: number;
  ok: number;
  byStatus: { status: ApplicationStatus; count: number }[];
  failures: { id: string; teacher: string; error: string }[];
};

function outcomeOf(action: ApplicationAction, apps: ApplicationSummary[], result: BulkResult): BulkOutcome {
  const names = new Map(apps.map((a) => [a.id, a.teacher.fullName]));
  const counts = new Map<ApplicationStatus, number>();
  for (const r of result.results) if (r.ok && r.status) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return {
    action,
    total: result.results.length,
    ok: result.results.filter((r) => r.ok).length,
    byStatus: [...counts].map(([status, count]) => ({ status, count })),
    failures: result.results
      .filter((r) => !r.ok)
      .map((r) => ({ id: r.id, teacher: names.get(r.id) ?? r.id, error: r.error ?? ru.errors.unexpected })),
  };
}

type Pending = { action: ApplicationAction; apps: ApplicationSummary[]; bulk: boolean } | null;

function ReasonField({ form }: { form: ReturnType<typeof useReasonForm> }) {
  return (
    <Textarea
      label={text.reasonLabel}
      description={text.reasonDescription}
      required
      autosize
      minRows={3}
      maxLength={MAX_REASON}
      data-autofocus
      {...form.getInputProps('reason')}
    />
  );
}

function useReasonForm(required: boolean) {
  return useForm({
    initialValues: { reason: '' },
    validate: {
      reason: (v) =>
        required && !v.trim() ? text.reasonRequired : v.length > MAX_REASON ? text.reasonTooLong : null,
    },
  });
}

/**
 * `ask(action, apps)` runs an action on one application (`bulk` false) or on a selection; the
 * returned `dialogs` must be rendered. `onBulk` hears what a bulk action did.
 */
export function useApplicationActions({ onBulk }: { onBulk?: (outcome: BulkOutcome) => void } = {}) {
  const { me } = useSession();
  const [pending, setPending] = useState<Pending>(null);
  const one = useApplicationAction();
  const many = useBulkAction();
  const needsReason = pending ? NEEDS_REASON.includes(pending.action) : false;
  const form = useReasonForm(needsReason);

  const run = async (
    action: ApplicationAction,
    apps: ApplicationSummary[],
    bulk: boolean,
    reason?: string,
  ) => {
    try {
      if (!bulk && apps[0]) {
        const result = await one.mutateAsync({ id: apps[0].id, action, ...(reason ? { reason } : {}) });
        showSuccess(text.done[action], text.nowStatus(STATUS_LABEL[result.status]));
      } else {
        const result = await many.mutateAsync({
          ids: apps.map((a) => a.id),
          action,
          ...(reason ? { reason } : {}),
        });
        const outcome = outcomeOf(action, apps, result);
        notifications.show({
          color: outcome.failures.length === 0 ? 'teal' : outcome.ok === 0 ? 'red' : 'orange',
          title: text.bulkTitle(ACTION_LABEL[action], outcome.ok, outcome.total),
          message: outcome.failures.length ? text.bulkFailed(outcome.failures.length) : '',
          autoClose: 6000,
        });
        onBulk?.(outcome);
      }
      setPending(null);
      form.reset();
    } catch (error) {
      showError(error, form);
    }
  };

  const ask = (action: ApplicationAction, apps: ApplicationSummary[], bulk = false) => {
    if (apps.length === 0) return;
    if (NEEDS_REASON.includes(action) || CONFIRM.includes(action)) {
      form.reset();
      setPending({ action, apps, bulk });
    } else void run(action, apps, bulk);
  };

  const close = () => {
    setPending(null);
    form.reset();
  };
  const submit = form.onSubmit(({ reason }) => {
    if (pending) void run(pending.action, pending.apps, pending.bulk, reason.trim() || undefined);
  }, focusFirstInvalid);
  const first = pending?.apps[0];
  // The teacher withdrawing their own application is asked about the course only.
  const own = pending?.action === 'withdraw' && !pending.bulk && first?.teacher.id === me?.id;

  const dialogs = (
    <AppModal
      opened={pending !== null}
      onClose={close}
      title={pending ? text.confirmTitle[pending.action] : ''}
      size="md"
    >
      {pending && first ? (
        <form noValidate onSubmit={submit}>
          <Stack>
            <Text>
              {pending.bulk
                ? text.confirmMany(pending.apps.length)
                : own
                  ? text.withdrawOwn(first.course.title)
                  : text.confirmOne(first.teacher.fullName, first.course.title)}
            </Text>
            {pending.action === 'withdraw' ? <Text size="sm">{text.withdrawText}</Text> : null}
            {needsReason ? <ReasonField form={form} /> : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} data-autofocus={needsReason ? undefined : true}>
                {pending.action === 'withdraw' ? text.keep : ru.actions.cancel}
              </Button>
              <Button type="submit" color="red" loading={one.isPending || many.isPending}>
                {ACTION_LABEL[pending.action]}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </AppModal>
  );

  return { ask, dialogs, busy: one.isPending || many.isPending };
}
