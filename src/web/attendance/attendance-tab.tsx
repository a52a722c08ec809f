// The attendance journal of a course: learners × schedule days, a grid that works from the
// keyboard (arrows move, П/Н/У or 1/2/3 set a mark, space cycles, Delete undoes an unsaved mark)
// and the mouse (a click cycles the mark). An excused absence asks for its reason. Changes are
// kept per day until «Сохранить день» sends the whole day; a day can then be confirmed. Who marked
// a cell and when is its tooltip. Future days, a no-show's row and a journal the actor may only
// read (a methodist, the operator, an archived course) take no marks. Leaving with unsaved marks
// asks first.
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useBlocker } from 'react-router';
import {
  ATTENDANCE_MARK_LABEL,
  ATTENDANCE_MARK_LETTER,
  type AttendanceMark,
  type Journal,
  type JournalDay,
  type JournalLearner,
  type JournalMark,
} from '../../contract/attendance';
import { attendanceText } from '../i18n/attendance';
import { ru } from '../i18n/ru';
import { formatDate, formatDateTime } from '../ui/format';
import { showError, showSuccess } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { LoadError, PageLoader } from '../ui/page';
import { useScrollRegion } from '../ui/wide-table';
import { type DayMark, useConfirmDay, useJournal, useSaveDay } from './queries';

const text = attendanceText;
const ORDER: AttendanceMark[] = ['present', 'absent', 'excused'];
const KEYS: Record<string, AttendanceMark> = {
  п: 'present',
  g: 'present',
  p: 'present',
  '1': 'present',
  н: 'absent',
  y: 'absent',
  n: 'absent',
  '2': 'absent',
  у: 'excused',
  e: 'excused',
  u: 'excused',
  '3': 'excused',
};
const COLORS: Record<AttendanceMark, { bg: string; fg: string }> = {
  present: { bg: 'var(--mantine-color-teal-1)', fg: 'var(--mantine-color-teal-9)' },
  absent: { bg: 'var(--mantine-color-red-1)', fg: 'var(--mantine-color-red-9)' },
  excused: { bg: 'var(--mantine-color-yellow-2)', fg: 'var(--mantine-color-dark-7)' },
};

type Draft = { mark: AttendanceMark; reason: string | null };
const cellKey = (applicationId: string, date: string) => `${applicationId}|${date}`;
const shortDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}`;

export function AttendanceTab({ courseId }: { courseId: string }) {
  const query = useJournal(courseId);
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return <JournalView journal={query.data} courseId={courseId} />;
}

function JournalView({ journal, courseId }: { journal: Journal; courseId: string }) {
  const { learners, days } = journal;
  const saved = useMemo(() => {
    const map = new Map<string, JournalMark>();
    for (const l of learners) for (const m of l.marks) map.set(cellKey(l.applicationId, m.day), m);
    return map;
  }, [learners]);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  // The day the toolbar acts on: the last day that has come, or the first.
  const lastPast = [...days].reverse().find((d) => !d.future) ?? days[0];
  const [activeDate, setActiveDate] = useState(lastPast?.date ?? '');
  const [focus, setFocus] = useState(() => ({
    row: 0,
    col: Math.max(
      0,
      days.findIndex((d) => d.date === lastPast?.date),
    ),
  }));
  const moved = useRef(false);
  const cells = useRef(new Map<string, HTMLTableCellElement>());
  const [asking, setAsking] = useState<{ applicationId: string; date: string; name: string } | null>(null);
  const [changeReason, setChangeReason] = useState('');
  const [changeError, setChangeError] = useState<string | null>(null);
  const save = useSaveDay(courseId);
  const confirm = useConfirmDay(courseId);

  const editable = useCallback(
    (learner: JournalLearner | undefined, day: JournalDay | undefined) =>
      !!learner && !!day && journal.can.mark && !learner.readOnly && !day.future,
    [journal.can.mark],
  );
  const markOf = (applicationId: string, date: string): Draft | null => {
    const key = cellKey(applicationId, date);
    const draft = drafts[key];
    if (draft) return draft;
    const m = saved.get(key);
    return m ? { mark: m.mark, reason: m.reason } : null;
  };

  const setMark = (applicationId: string, date: string, draft: Draft | null) =>
    setDrafts((prev) => {
      const next = { ...prev };
      const key = cellKey(applicationId, date);
      const m = saved.get(key);
      if (draft === null || (m && m.mark === draft.mark && (m.reason ?? null) === draft.reason))
        delete next[key];
      else next[key] = draft;
      return next;
    });

  const dirtyDates = useMemo(
    () => [...new Set(Object.keys(drafts).map((k) => k.split('|')[1] ?? ''))],
    [drafts],
  );
  const dirty = dirtyDates.length > 0;

  // Leaving the journal with unsaved marks asks first: for another page, another tab of the course
  // (the tab is in the URL) or another site.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty &&
      (currentLocation.pathname !== nextLocation.pathname ||
        new URLSearchParams(currentLocation.search).get('tab') !==
          new URLSearchParams(nextLocation.search).get('tab')),
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // Focus follows the keyboard, never on the first render.
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    cells.current.get(`${focus.row}:${focus.col}`)?.focus();
  }, [focus]);

  const moveTo = (row: number, col: number) => {
    const r = Math.min(Math.max(row, 0), learners.length - 1);
    const c = Math.min(Math.max(col, 0), days.length - 1);
    moved.current = true;
    setFocus({ row: r, col: c });
    const day = days[c];
    if (day) setActiveDate(day.date);
  };

  const apply = (row: number, col: number, mark: AttendanceMark, advance: boolean) => {
    const learner = learners[row];
    const day = days[col];
    if (!learner || !day || !editable(learner, day)) return;
    if (mark === 'excused') {
      setAsking({ applicationId: learner.applicationId, date: day.date, name: learner.name });
      return;
    }
    setMark(learner.applicationId, day.date, { mark, reason: null });
    if (advance && row < learners.length - 1) moveTo(row + 1, col);
  };

  const cycle = (row: number, col: number) => {
    const learner = learners[row];
    const day = days[col];
    if (!learner || !day) return;
    const current = markOf(learner.applicationId, day.date)?.mark;
    const next = current ? ORDER[(ORDER.indexOf(current) + 1) % ORDER.length] : 'present';
    apply(row, col, next ?? 'present', false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableCellElement>, row: number, col: number) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    switch (e.key) {
      case 'ArrowUp':
        handled();
        return moveTo(row - 1, col);
      case 'ArrowDown':
        handled();
        return moveTo(row + 1, col);
      case 'ArrowLeft':
        handled();
        return moveTo(row, col - 1);
      case 'ArrowRight':
        handled();
        return moveTo(row, col + 1);
      case 'Home':
        handled();
        return moveTo(row, 0);
      case 'End':
        handled();
        return moveTo(row, days.length - 1);
      case ' ':
      case 'Enter':
        handled();
        return cycle(row, col);
      case 'Delete':
      case 'Backspace': {
        handled();
        const learner = learners[row];
        const day = days[col];
        if (learner && day) setMark(learner.applicationId, day.date, null);
        return;
      }
    }
    const mark = KEYS[e.key.toLowerCase()];
    if (mark) {
      handled();
      apply(row, col, mark, true);
    }
  };

  const activeDay = days.find((d) => d.date === activeDate);
  const activeDirty = dirtyDates.includes(activeDate);

  const allPresent = () => {
    if (!activeDay) return;
    setDrafts((prev) => {
      const next = { ...prev };
      for (const l of learners) {
        if (!editable(l, activeDay)) continue;
        const key = cellKey(l.applicationId, activeDay.date);
        if (!next[key] && !saved.get(key)) next[key] = { mark: 'present', reason: null };
      }
      return next;
    });
  };

  const revertDay = () =>
    setDrafts((prev) =>
      Object.fromEntries(Object.entries(prev).filter(([k]) => !k.endsWith(`|${activeDate}`))),
    );

  const saveDay = async () => {
    if (!activeDay) return;
    const needsReason = activeDay.confirmed && !journal.can.changeConfirmed;
    if (needsReason && !changeReason.trim()) {
      setChangeError(text.changeReasonRequired);
      return;
    }
    const marks: DayMark[] = Object.entries(drafts)
      .filter(([k]) => k.endsWith(`|${activeDay.date}`))
      .map(([k, d]) => ({ applicationId: k.split('|')[0] ?? '', mark: d.mark, reason: d.reason }));
    try {
      await save.mutateAsync({
        date: activeDay.date,
        marks,
        ...(changeReason.trim() ? { reason: changeReason.trim() } : {}),
      });
      setDrafts((prev) =>
        Object.fromEntries(Object.entries(prev).filter(([k]) => !k.endsWith(`|${activeDay.date}`))),
      );
      setChangeReason('');
      setChangeError(null);
      showSuccess(text.daySaved, formatDate(activeDay.date));
    } catch (error) {
      showError(error, { setErrors: (errors) => setChangeError(errors.reason ?? null) });
    }
  };

  const confirmDay = async () => {
    if (!activeDay) return;
    try {
      await confirm.mutateAsync(activeDay.date);
      showSuccess(text.dayConfirmed, formatDate(activeDay.date));
    } catch (error) {
      showError(error);
    }
  };

  const totals = (day: JournalDay) => {
    const counts = { present: 0, absent: 0, excused: 0 };
    for (const l of learners) {
      const m = markOf(l.applicationId, day.date);
      if (m) counts[m.mark] += 1;
    }
    return counts;
  };

  if (days.length === 0) return <Alert color="gray">{text.noDays}</Alert>;

  return (
    <Stack gap="md">
      {journal.readOnlyReason ? (
        <Alert color="gray" title={text.readOnly}>
          {journal.readOnlyReason}
        </Alert>
      ) : null}

      {journal.can.mark && activeDay ? (
        <Card withBorder padding="md" radius="md">
          <Group align="flex-end" gap="md" wrap="wrap">
            <Select
              label={text.dayLabel}
              data={days.map((d) => ({
                value: d.date,
                label: text.dayOption(formatDate(d.date), d.topic),
              }))}
              value={activeDate}
              onChange={(v) => {
                if (!v) return;
                setActiveDate(v);
                setFocus((f) => ({
                  ...f,
                  col: Math.max(
                    0,
                    days.findIndex((d) => d.date === v),
                  ),
                }));
              }}
              allowDeselect={false}
              miw={260}
              style={{ flex: '1 1 260px' }}
            />
            <Button
              variant="light"
              onClick={allPresent}
              disabled={activeDay.future || learners.length === 0}
              title={text.allPresentHint}
            >
              {text.allPresent}
            </Button>
            <Button onClick={saveDay} loading={save.isPending} disabled={!activeDirty || activeDay.future}>
              {text.saveDay}
            </Button>
            <Button
              variant="outline"
              onClick={confirmDay}
              loading={confirm.isPending}
              disabled={activeDay.future || activeDirty || !!activeDay.confirmed || !journal.can.confirm}
            >
              {text.confirmDay}
            </Button>
            {activeDirty ? (
              <Button variant="subtle" onClick={revertDay}>
                {text.revertDay}
              </Button>
            ) : null}
          </Group>
          {activeDay.future ? (
            <Text size="sm" c="dimmed" mt="sm">
              {text.dayIsFuture}
            </Text>
          ) : null}
          {activeDay.confirmed ? (
            <Text size="sm" mt="sm">
              {text.confirmedBy(
                activeDay.confirmed.by ?? ru.common.none,
                formatDateTime(activeDay.confirmed.at),
              )}
            </Text>
          ) : null}
          {activeDay.confirmed && !journal.can.changeConfirmed && activeDirty ? (
            <TextInput
              mt="sm"
              label={text.changeReason}
              description={text.changeReasonHint}
              value={changeReason}
              onChange={(e) => {
                setChangeReason(e.currentTarget.value);
                setChangeError(null);
              }}
              error={changeError}
              required
              maxLength={500}
            />
          ) : null}
          {dirty ? (
            <Text size="sm" c="orange" mt="sm" role="status">
              {text.unsavedDays}:{' '}
              {dirtyDates
                .sort()
                .map((d) => formatDate(d))
                .join(', ')}
            </Text>
          ) : null}
        </Card>
      ) : null}

      {learners.length === 0 ? (
        <Alert color="gray">{text.noLearners}</Alert>
      ) : (
        <>
          <Text size="sm" c="dimmed" id={`attendance-help-${courseId}`}>
            {text.legend}. {journal.can.mark ? text.gridHelp : null}
          </Text>
          <ScrollArea type="auto" offsetScrollbars>
            <Table
              role="grid"
              aria-label={text.gridLabel}
              aria-describedby={`attendance-help-${courseId}`}
              withTableBorder
              withColumnBorders
              striped={false}
              style={{ minWidth: 680 + days.length * 76 }}
            >
              <Table.Thead>
                <Table.Tr role="row">
                  <Table.Th role="columnheader" style={stickyHead}>
                    {text.learner}
                  </Table.Th>
                  <Table.Th role="columnheader" miw={240}>
                    {text.organization}
                  </Table.Th>
                  <Table.Th role="columnheader" miw={170}>
                    {text.territory}
                  </Table.Th>
                  {days.map((d) => (
                    <Table.Th
                      key={d.date}
                      role="columnheader"
                      ta="center"
                      title={`${formatDate(d.date)} — ${d.topic}`}
                      style={{
                        whiteSpace: 'nowrap',
                        background: d.date === activeDate ? 'var(--mantine-color-blue-0)' : undefined,
                      }}
                    >
                      <Stack gap={2} align="center">
                        <span>{shortDate(d.date)}</span>
                        {d.first ? (
                          <Text size="xs" c="blue.9" fw={600}>
                            {text.firstDay}
                          </Text>
                        ) : null}
                        {d.confirmed ? (
                          <Text
                            size="xs"
                            c="teal.9"
                            fw={600}
                            title={text.confirmedBy(
                              d.confirmed.by ?? ru.common.none,
                              formatDateTime(d.confirmed.at),
                            )}
                          >
                            {text.confirmed}
                          </Text>
                        ) : null}
                        {d.future ? (
                          <Text size="xs" c="dimmed">
                            {text.future}
                          </Text>
                        ) : null}
                      </Stack>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {learners.map((l, row) => (
                  <Table.Tr key={l.applicationId} role="row">
                    <Table.Th role="rowheader" scope="row" style={stickyCell}>
                      <Text size="sm" fw={500}>
                        {l.name}
                      </Text>
                      {l.readOnly ? (
                        <Badge size="xs" color="gray" variant="light">
                          {text.noShow}
                        </Badge>
                      ) : null}
                    </Table.Th>
                    <Table.Td role="gridcell">
                      <Text size="xs">{l.organization}</Text>
                    </Table.Td>
                    <Table.Td role="gridcell">
                      <Text size="xs">{l.territory}</Text>
                    </Table.Td>
                    {days.map((d, col) => {
                      const key = cellKey(l.applicationId, d.date);
                      const draft = drafts[key];
                      const m = markOf(l.applicationId, d.date);
                      const savedMark = saved.get(key);
                      const canEdit = editable(l, d);
                      const title = [
                        m ? ATTENDANCE_MARK_LABEL[m.mark] : text.notMarked,
                        m?.reason ?? null,
                        draft
                          ? text.unsaved
                          : savedMark
                            ? savedMark.markedBy
                              ? text.markedBy(savedMark.markedBy, formatDateTime(savedMark.markedAt))
                              : text.markedBySystem(formatDateTime(savedMark.markedAt))
                            : null,
                      ]
                        .filter(Boolean)
                        .join('. ');
                      const focused = focus.row === row && focus.col === col;
                      return (
                        <Table.Td
                          key={d.date}
                          role="gridcell"
                          tabIndex={focused ? 0 : -1}
                          aria-readonly={!canEdit}
                          aria-label={text.cellLabel(l.name, formatDate(d.date), title)}
                          title={title}
                          ref={(el) => {
                            if (el) cells.current.set(`${row}:${col}`, el);
                            else cells.current.delete(`${row}:${col}`);
                          }}
                          onKeyDown={(e) => onKeyDown(e, row, col)}
                          onFocus={() => {
                            if (!focused) setFocus({ row, col });
                            setActiveDate(d.date);
                          }}
                          onClick={() => {
                            moveTo(row, col);
                            if (canEdit) cycle(row, col);
                          }}
                          ta="center"
                          style={{
                            cursor: canEdit ? 'pointer' : 'default',
                            fontWeight: 700,
                            background: m
                              ? COLORS[m.mark].bg
                              : d.future || !canEdit
                                ? 'var(--mantine-color-gray-0)'
                                : undefined,
                            color: m ? COLORS[m.mark].fg : undefined,
                            outline: draft ? '2px dashed var(--mantine-color-blue-7)' : undefined,
                            outlineOffset: -3,
                            minWidth: 68,
                          }}
                        >
                          {m ? ATTENDANCE_MARK_LETTER[m.mark] : ''}
                          {draft ? <span aria-hidden="true">*</span> : null}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr role="row">
                  <Table.Th role="rowheader" scope="row" colSpan={3} style={stickyCell}>
                    {text.totals}
                  </Table.Th>
                  {days.map((d) => {
                    const c = totals(d);
                    return (
                      <Table.Td key={d.date} role="gridcell" ta="center" style={{ whiteSpace: 'nowrap' }}>
                        {d.future ? ru.common.none : text.summaryDay(c.present, c.absent, c.excused)}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </ScrollArea>
        </>
      )}

      {journal.territories.length > 0 ? <TerritorySummary journal={journal} /> : null}

      <ExcusedModal
        asking={asking}
        onClose={() => setAsking(null)}
        onApply={(reason) => {
          if (!asking) return;
          setMark(asking.applicationId, asking.date, { mark: 'excused', reason });
          setAsking(null);
        }}
      />

      <AppModal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        title={text.unsavedTitle}
      >
        <Stack>
          <Text>{text.unsavedText}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => blocker.reset?.()}>
              {text.unsavedStay}
            </Button>
            <Button color="red" onClick={() => blocker.proceed?.()}>
              {text.unsavedLeave}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </Stack>
  );
}

const stickyHead = {
  position: 'sticky',
  left: 0,
  zIndex: 2,
  background: 'var(--mantine-color-body)',
} as const;
const stickyCell = {
  position: 'sticky',
  left: 0,
  zIndex: 1,
  background: 'var(--mantine-color-body)',
  minWidth: 200,
} as const;

function ExcusedModal(props: {
  asking: { name: string; date: string } | null;
  onClose: () => void;
  onApply: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const asking = props.asking;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new question starts with an empty reason
  useEffect(() => {
    setReason('');
    setError(null);
  }, [asking]);
  return (
    <AppModal opened={asking !== null} onClose={props.onClose} title={text.excusedTitle}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!reason.trim()) {
            setError(text.excusedReasonRequired);
            return;
          }
          props.onApply(reason.trim());
        }}
      >
        <Stack>
          {asking ? (
            <Text size="sm">
              {asking.name}, {formatDate(asking.date)}
            </Text>
          ) : null}
          <Textarea
            label={text.excusedReason}
            description={text.excusedReasonHint}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            required
            maxLength={500}
            autosize
            minRows={2}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {ru.actions.cancel}
            </Button>
            <Button type="submit">{text.excusedApply}</Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

function TerritorySummary({ journal }: { journal: Journal }) {
  const days = journal.days.filter((d) => !d.future);
  const region = useScrollRegion(text.summaryTitle);
  return (
    <Card withBorder padding="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {text.summaryTitle}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {text.legend}
      </Text>
      <ScrollArea type={region.type} viewportRef={region.viewportRef} viewportProps={region.viewportProps}>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{text.territory}</Table.Th>
              <Table.Th ta="right">{text.summaryLearners}</Table.Th>
              {days.map((d) => (
                <Table.Th key={d.date} ta="center">
                  {shortDate(d.date)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {journal.territories.map((t) => (
              <Table.Tr key={t.territoryId}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td ta="right">{t.learners}</Table.Td>
                {days.map((d) => {
                  const c = t.days.find((x) => x.date === d.date);
                  return (
                    <Table.Td key={d.date} ta="center" style={{ whiteSpace: 'nowrap' }}>
                      {c ? text.summaryDay(c.present, c.absent, c.excused) : ru.common.none}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Card>
  );
}
