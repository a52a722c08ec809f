// «Добавить курс, пройденный до Банка»: the teacher's document as the methodist reads it — program,
// the organization that issued it, hours, dates, kind, series, number and date of issue — checked
// by the contract's rules in the browser and by the server (dates in order, hours by kind).
import { Button, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { DOCUMENT_KIND_LABEL, DOCUMENT_KINDS, externalCpdInput } from '../../contract/cpd';
import { cpdText } from '../i18n/cpd';
import { ru } from '../i18n/ru';
import { focusFirstInvalid, optional, showError, showSuccess, zodResolver } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { DateField } from '../workspace/course-fields';
import { useExternalMutations } from './queries';

const text = cpdText;
const kinds = DOCUMENT_KINDS.map((k) => ({ value: k, label: DOCUMENT_KIND_LABEL[k] }));

type Values = {
  programTitle: string;
  providerName: string;
  hours: number | string;
  startsOn: string;
  endsOn: string;
  documentKind: string;
  documentSeries: string;
  documentNumber: string;
  issuedOn: string;
};

const empty: Values = {
  programTitle: '',
  providerName: '',
  hours: '',
  startsOn: '',
  endsOn: '',
  documentKind: 'certificate',
  documentSeries: '',
  documentNumber: '',
  issuedOn: '',
};

const check = zodResolver(externalCpdInput);

export function ExternalCpdModal({
  teacherId,
  opened,
  onClose,
}: {
  teacherId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { add } = useExternalMutations(teacherId);
  const form = useForm<Values>({
    initialValues: empty,
    validate: (values) => {
      const errors = check(values);
      for (const f of ['startsOn', 'endsOn', 'issuedOn'] as const)
        if (!values[f]) errors[f] = text.dateRequired;
      return errors;
    },
  });
  const submit = form.onSubmit(async (values) => {
    try {
      await add.mutateAsync(externalCpdInput.parse(values));
      showSuccess(text.added);
      form.reset();
      onClose();
    } catch (error) {
      showError(error, form);
    }
  }, focusFirstInvalid);
  const f = text.fields;
  return (
    <AppModal opened={opened} onClose={onClose} title={text.addTitle} size="lg">
      <form noValidate onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            {text.addLead}
          </Text>
          <TextInput label={f.programTitle} required data-autofocus {...form.getInputProps('programTitle')} />
          <TextInput label={f.providerName} required {...form.getInputProps('providerName')} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput label={f.hours} required min={1} max={3000} {...form.getInputProps('hours')} />
            <DateField label={f.startsOn} required {...form.getInputProps('startsOn')} />
            <DateField label={f.endsOn} required {...form.getInputProps('endsOn')} />
          </SimpleGrid>
          <Select
            label={f.documentKind}
            required
            data={kinds}
            allowDeselect={false}
            {...form.getInputProps('documentKind')}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={f.documentSeries} {...optional} {...form.getInputProps('documentSeries')} />
            <TextInput label={f.documentNumber} required {...form.getInputProps('documentNumber')} />
            <DateField label={f.issuedOn} required {...form.getInputProps('issuedOn')} />
          </SimpleGrid>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {ru.actions.cancel}
            </Button>
            <Button type="submit" loading={add.isPending}>
              {text.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
