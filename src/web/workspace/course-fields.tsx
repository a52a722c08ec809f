// A course's main fields (dates, places, where it runs), shared by the «new course» modal and the
// course page, and the inputs they are made of: a Russian date field and the managers' select.
import { NumberInput, Select, type SelectProps, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { DateInput, type DateInputProps } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { useMemo } from 'react';
import { type Course, FUNDING_LABEL, FUNDINGS, type Funding } from '../../contract/catalog';
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { workspaceText } from '../i18n/workspace';
import { DATE_FORMAT, parseRuDate } from '../ui/format';
import { optional } from '../ui/forms';
import { useDepartmentManagers } from './queries';

const fundings = FUNDINGS.map((f) => ({ value: f, label: FUNDING_LABEL[f] }));

/** A date typed as ДД.ММ.ГГГГ or picked; the value is `YYYY-MM-DD`, '' for none. */
export function DateField({
  value,
  onChange,
  ...props
}: Omit<DateInputProps, 'value' | 'onChange'> & { value?: string; onChange: (value: string) => void }) {
  return (
    <DateInput
      valueFormat={DATE_FORMAT}
      dateParser={parseRuDate}
      locale="ru"
      placeholder={workspaceText.datePlaceholder}
      {...props}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
    />
  );
}

/** The active managers of a department, by id. */
export function ManagerSelect({
  departmentId,
  value,
  onChange,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  departmentId: string;
  value?: string;
  onChange: (id: string) => void;
}) {
  const query = useDepartmentManagers(departmentId);
  const data = useMemo(
    () => (query.data?.items ?? []).map((u) => ({ value: u.id, label: u.fullName })),
    [query.data],
  );
  return (
    <Select
      searchable
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      nothingFoundMessage={ru.common.nothingFound}
      {...props}
    />
  );
}

export type CourseValues = {
  startsOn: string;
  endsOn: string;
  applyUntil: string;
  capacity: number | string;
  place: string;
  distanceUrl: string;
  funding: Funding;
};

export const emptyCourse: CourseValues = {
  startsOn: '',
  endsOn: '',
  applyUntil: '',
  capacity: 20,
  place: '',
  distanceUrl: '',
  funding: 'budget',
};

export const courseValues = (c: Course): CourseValues => ({
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  applyUntil: c.applyUntil,
  capacity: c.capacity,
  place: c.place,
  distanceUrl: c.distanceUrl ?? '',
  funding: c.funding,
});

/** The body fields of a course's values, as the contract takes them. */
export const courseBody = (v: CourseValues) => ({
  startsOn: v.startsOn,
  endsOn: v.endsOn,
  applyUntil: v.applyUntil,
  capacity: typeof v.capacity === 'number' ? v.capacity : Number.NaN,
  place: v.place,
  distanceUrl: v.distanceUrl.trim() ? v.distanceUrl.trim() : null,
  funding: v.funding,
});

/** An empty date says so, rather than that its format is wrong. */
export function requireDates<T extends Record<string, unknown>>(values: T, names: (keyof T & string)[]) {
  const errors: Record<string, string> = {};
  for (const name of names) if (!values[name]) errors[name] = workspaceText.dateRequired;
  return errors;
}

export function CourseFields<V extends CourseValues>({
  form,
  readOnly = false,
}: {
  form: UseFormReturnType<V>;
  readOnly?: boolean;
}) {
  const { startsOn } = form.values;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <DateField
          label={workspaceText.startsOn}
          required
          readOnly={readOnly}
          {...form.getInputProps('startsOn')}
        />
        <DateField
          label={workspaceText.endsOn}
          required
          readOnly={readOnly}
          defaultDate={startsOn || undefined}
          {...form.getInputProps('endsOn')}
        />
        <DateField
          label={catalogText.applyUntil}
          description={workspaceText.applyUntilDescription}
          inputWrapperOrder={optional.inputWrapperOrder}
          required
          readOnly={readOnly}
          defaultDate={startsOn || undefined}
          {...form.getInputProps('applyUntil')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput
          label={workspaceText.capacity}
          required
          readOnly={readOnly}
          min={0}
          max={10_000}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('capacity')}
        />
        <TextInput
          label={workspaceText.place}
          description={workspaceText.placeDescription}
          inputWrapperOrder={optional.inputWrapperOrder}
          readOnly={readOnly}
          maxLength={500}
          {...form.getInputProps('place')}
        />
        <TextInput
          type="url"
          label={workspaceText.distanceUrl}
          description={workspaceText.distanceUrlDescription}
          inputWrapperOrder={optional.inputWrapperOrder}
          readOnly={readOnly}
          maxLength={1000}
          {...form.getInputProps('distanceUrl')}
        />
      </SimpleGrid>
      <Select
        label={workspaceText.funding}
        description={workspaceText.fundingDescription}
        inputWrapperOrder={optional.inputWrapperOrder}
        data={fundings}
        allowDeselect={false}
        readOnly={readOnly}
        maw={320}
        {...form.getInputProps('funding')}
      />
    </Stack>
  );
}
