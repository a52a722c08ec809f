// The course's results (Итоги): the learners of its groups with their state, chosen one by one or
// all at once, recorded as completed (after the last day) or expelled with a reason (also during
// the course). Either is final, so each is confirmed first (an expulsion with its reason). Each
// learner's outcome is reported; the course finishes when everyone has a result.
import { Alert, Badge, Button, Card, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import type { BulkResult } from '../../contract/applications';
import type { Learner } from '../../contract/groups';
import { useBulkAction } from '../applications/queries';
import { ApplicationStatusBadge } from '../applications/status';
import { groupsText } from '../i18n/groups';
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { focusFirstInvalid, showError } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { LoadError, PageLoader } from '../ui/page';
import { type Column, LearnersTable, toggleSet } from './learners-table';
import { useCourseGroups, useGroupsRefresh } from './queries';

const text = groupsText;

type Row = Learner & { group: string };
type Outcome = { ok: number; total: number; failures: { name: string; error: string }[] };

function outcomeOf(result: BulkResult, rows: Row[]): Outcome {
  const names = new Map(rows.map((r) => [r.applicationId, r.teacherName]));
  return {
    ok: result.results.filter((r) => r.ok).length,
    total: result.results.length,
    failures: result.results
      .filter((r) => !r.ok)
      .map((r) => ({ name: names.get(r.id) ?? r.id, error: r.error ?? ru.errors.unexpected })),
  };
}

/** Asks before a final result: completion as it is, an expulsion with the reason the learner will read. */
function ResultDialog({
  action,
  count,
  busy,
  onClose,
  onConfirm,
}: {
  action: 'complete' | 'fail' | null;
  count: number;
  busy: boolean;
  onClose: () => void;
  onConfirm: (reason?: string) => Promise<void>;
}) {
  const failing = action === 'fail';
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (v) => (!failing || v.trim() ? null : text.reasonRequired) },
  });
  const submit = form.onSubmit(async ({ reason }) => {
    await onConfirm(failing ? reason.trim() : undefined);
    form.reset();
  }, focusFirstInvalid);
  return (
    <AppModal
      opened={action !== null}
      onClose={onClose}
      title={failing ? text.failTitle : text.completeTitle}
      size="md"
    >
      <form noValidate onSubmit={submit}>
        <Stack>
          <Text>{failing ? text.failText(count) : text.completeText(count)}</Text>
          {failing ? (
            <Textarea
              label={text.reason}
              description={text.reasonDescription}
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
              {ru.actions.cancel}
            </Button>
            <Button
              type="submit"
              color={failing ? 'red' : undefined}
              loading={busy}
              {...(failing ? {} : { 'data-autofocus': true })}
            >
              {failing ? text.fail : text.complete}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

const groupColumn: Column = { header: text.colGroup, cell: (l) => (l as Row).group };
const resultColumn: Column = {
  header: text.colResult,
  cell: (l) => (
    <Stack gap={2} align="flex-start">
      <ApplicationStatusBadge status={l.status} />
      {l.status === 'not_completed' && l.reason ? (
        <Text size="xs" style={{ whiteSpace: 'pre-line' }}>
          {text.reason}: {l.reason}
        </Text>
      ) : null}
    </Stack>
  ),
};

export function ResultsTab({ courseId }: { courseId: string }) {
  const query = useCourseGroups(courseId);
  const bulk = useBulkAction();
  const refresh = useGroupsRefresh();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [asking, setAsking] = useState<'complete' | 'fail' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const data = query.data;
  const rows: Row[] = useMemo(
    () => data?.groups.flatMap((g) => g.learners.map((l) => ({ ...l, group: g.number }))) ?? [],
    [data],
  );
  if (query.isPending) return <PageLoader />;
  if (query.isError || !data) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;

  const open = (l: Learner) => l.status === 'enrolled';
  const kept = new Set([...chosen].filter((id) => rows.some((r) => r.applicationId === id && open(r))));
  const left = rows.filter(open).length;
  const acting = data.abilities.complete || data.abilities.fail;

  const record = async (action: 'complete' | 'fail', reason?: string) => {
    try {
      const result = await bulk.mutateAsync({ ids: [...kept], action, ...(reason ? { reason } : {}) });
      setOutcome(outcomeOf(result, rows));
      setChosen(new Set());
      setAsking(null);
    } catch (error) {
      showError(error);
    } finally {
      await refresh();
    }
  };

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="results-title">
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h4" id="results-title">
          {text.resultsTitle}
        </Title>
        {rows.length > 0 ? (
          <Badge variant="light" color={left ? 'indigo' : 'green'}>
            {left ? text.left(left) : text.allDone(data.course.status === 'finished')}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {text.resultsLead}
      </Text>
      <Stack gap="md">
        {data.course.status === 'running' && !data.abilities.complete && data.abilities.fail ? (
          <Alert color="blue" variant="light">
            {text.resultsNotYet(formatDate(data.course.endsOn))}
          </Alert>
        ) : null}
        {outcome ? (
          <Alert
            color={outcome.failures.length ? 'orange' : 'teal'}
            title={text.outcome(outcome.ok, outcome.total)}
            withCloseButton
            closeButtonLabel={ru.actions.close}
            onClose={() => setOutcome(null)}
            aria-live="polite"
          >
            {outcome.failures.length ? (
              <>
                <Text size="sm">{text.outcomeFailed}</Text>
                <List size="sm">
                  {outcome.failures.map((f) => (
                    <List.Item key={f.name + f.error}>
                      {f.name}: {f.error}
                    </List.Item>
                  ))}
                </List>
              </>
            ) : null}
          </Alert>
        ) : null}
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {text.resultsEmpty}
          </Text>
        ) : (
          <LearnersTable
            learners={rows}
            label={text.resultsTitle}
            columns={[groupColumn, resultColumn]}
            choosable={acting ? open : undefined}
            chosen={kept}
            onChoose={(ids, on) => setChosen(toggleSet(kept, ids, on))}
          />
        )}
        {acting ? (
          <Group gap="sm">
            <Text size="sm" c="dimmed">
              {text.selected(kept.size)}
            </Text>
            <Button
              onClick={() => setAsking('complete')}
              disabled={kept.size === 0 || !data.abilities.complete}
            >
              {text.complete}
            </Button>
            <Button
              color="red"
              variant="light"
              onClick={() => setAsking('fail')}
              disabled={kept.size === 0 || !data.abilities.fail}
            >
              {text.fail}
            </Button>
          </Group>
        ) : null}
      </Stack>
      <ResultDialog
        action={asking}
        count={kept.size}
        busy={bulk.isPending}
        onClose={() => setAsking(null)}
        onConfirm={(reason) => (asking ? record(asking, reason) : Promise.resolve())}
      />
    </Card>
  );
}
