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
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { workspaceText } from '../i18n/workspace';
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
const kindOptions = options(PROGRAM_KINDS, catalogText.kinds);
const formOptions = options(PROGRAM_FORMS, catalogText.forms);

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
      label={workspaceText.targetPositions}
      description={workspaceText.targetPositionsDescription}
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
        label={workspaceText.title}
        required
        readOnly={readOnly}
        data-autofocus
        {...form.getInputProps('title')}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label={catalogText.kindLabel}
          required
          readOnly={readOnly}
          allowDeselect={false}
          data={kindOptions}
          {...form.getInputProps('kind')}
        />
        <NumberInput
          label={workspaceText.hours}
          description={workspaceText.hoursRule(catalogText.kinds[kind] ?? kind, MIN_HOURS[kind])}
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
          label={catalogText.formLabel}
          required
          readOnly={readOnly}
          allowDeselect={false}
          data={formOptions}
          {...form.getInputProps('form')}
        />
      </SimpleGrid>
      <Checkbox
        label={workspaceText.distance}
        readOnly={readOnly}
        {...form.getInputProps('distance', { type: 'checkbox' })}
      />
      <Textarea
        label={catalogText.annotation}
        description={workspaceText.annotationDescription}
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
        label={catalogText.subjects}
        description={readOnly ? undefined : workspaceText.subjectsDescription}
        inputWrapperOrder={optional.inputWrapperOrder}
        readOnly={readOnly}
        clearable={!readOnly}
        {...form.getInputProps('subjects')}
      />
      <Textarea
        label={catalogText.plannedResults}
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
