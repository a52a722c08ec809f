// A program's fields, shared by the «new program» modal and the program page: title, annotation,
// hours (with the least hours of its kind shown), kind, form, distance, target positions, subjects
// and planned results — checked by the contract's schema, as the server checks them.
import {
  Checkbox,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useMemo } from 'react';
import {
  MIN_HOURS,
  PROGRAM_FORMS,
  PROGRAM_KINDS,
  type Program,
  type ProgramCreate,
  type ProgramForm,
  type ProgramKind,
  type ProgramUpdate,
  programCreate,
} from '../../contract/catalog';
import { usePositions } from '../directory/queries';
import { ru } from '../i18n/ru';
import { optional, zodResolver } from '../ui/forms';

export type ProgramValues = {
  departmentId: string;
  title: string;
  annotation: string;
  hours: number | string;
  kind: ProgramKind;
  form: ProgramForm;
  distance: boolean;
  targetPositionIds: string[];
  subjects: string[];
  plannedResults: string;
};

export const emptyProgram: ProgramValues = {
  departmentId: '',
  title: '',
  annotation: '',
  hours: MIN_HOURS.qualification,
  kind: 'qualification',
  form: 'full_time',
  distance: false,
  targetPositionIds: [],
  subjects: [],
  plannedResults: '',
};

export const programValues = (p: Program): ProgramValues => ({
  departmentId: p.departmentId,
  title: p.title,
  annotation: p.annotation,
  hours: p.hours,
  kind: p.kind,
  form: p.form,
  distance: p.distance,
  targetPositionIds: p.targetPositions.map((t) => t.id),
  subjects: p.subjects,
  plannedResults: p.plannedResults,
});

export const programCreateBody = (v: ProgramValues): ProgramCreate => ({
  ...v,
  hours: typeof v.hours === 'number' ? v.hours : Number.NaN,
});

export const programUpdateBody = (v: ProgramValues): ProgramUpdate => {
  const { departmentId: _, ...body } = programCreateBody(v);
  return body;
};

const check = zodResolver(programCreate);
export const validateProgram = (v: ProgramValues) => check(programCreateBody(v));

const options = (values: readonly string[], labels: Record<string, string>) =>
  values.map((value) => ({ value, label: labels[value] ?? value }));
const kindOptions = options(PROGRAM_KINDS, ru.catalog.kinds);
const formOptions = options(PROGRAM_FORMS, ru.catalog.forms);

/** Target positions by id (a program refers to the positions directory). */
function PositionsMultiSelect(props: {
  value: string[];
  onChange: (ids: string[]) => void;
  readOnly: boolean;
  error?: unknown;
}) {
  const query = usePositions();
  const data = useMemo(
    () => (query.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })),
    [query.data],
  );
  return (
    <MultiSelect
      label={ru.workspace.targetPositions}
      description={ru.workspace.targetPositionsDescription}
      inputWrapperOrder={optional.inputWrapperOrder}
      searchable
      clearable={!props.readOnly}
      readOnly={props.readOnly}
      data={data}
      value={props.value}
      onChange={props.onChange}
      error={props.error as string | undefined}
      nothingFoundMessage={ru.common.nothingFound}
    />
  );
}

export function ProgramFields({
  form,
  readOnly = false,
}: {
  form: UseFormReturnType<ProgramValues>;
  readOnly?: boolean;
}) {
  const kind = form.values.kind;
  return (
    <Stack>
      <TextInput
        label={ru.workspace.title}
        required
        readOnly={readOnly}
        data-autofocus
        {...form.getInputProps('title')}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label={ru.catalog.kindLabel}
          required
          readOnly={readOnly}
          allowDeselect={false}
          data={kindOptions}
          {...form.getInputProps('kind')}
        />
        <NumberInput
          label={ru.workspace.hours}
          description={ru.workspace.hoursRule(ru.catalog.kinds[kind] ?? kind, MIN_HOURS[kind])}
          inputWrapperOrder={optional.inputWrapperOrder}
          required
          readOnly={readOnly}
          min={1}
          max={5000}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('hours')}
        />
        <Select
          label={ru.catalog.formLabel}
          required
          readOnly={readOnly}
          allowDeselect={false}
          data={formOptions}
          {...form.getInputProps('form')}
        />
      </SimpleGrid>
      <Checkbox
        label={ru.workspace.distance}
        readOnly={readOnly}
        {...form.getInputProps('distance', { type: 'checkbox' })}
      />
      <Textarea
        label={ru.catalog.annotation}
        description={ru.workspace.annotationDescription}
        inputWrapperOrder={optional.inputWrapperOrder}
        autosize
        minRows={4}
        maxRows={16}
        readOnly={readOnly}
        {...form.getInputProps('annotation')}
      />
      <PositionsMultiSelect
        readOnly={readOnly}
        value={form.values.targetPositionIds}
        onChange={(ids) => form.setFieldValue('targetPositionIds', ids)}
        error={form.errors.targetPositionIds}
      />
      <TagsInput
        label={ru.catalog.subjects}
        description={readOnly ? undefined : ru.workspace.subjectsDescription}
        inputWrapperOrder={optional.inputWrapperOrder}
        readOnly={readOnly}
        clearable={!readOnly}
        {...form.getInputProps('subjects')}
      />
      <Textarea
        label={ru.catalog.plannedResults}
        {...optional}
        autosize
        minRows={3}
        maxRows={12}
        readOnly={readOnly}
        {...form.getInputProps('plannedResults')}
      />
    </Stack>
  );
}
