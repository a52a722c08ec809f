// The provider card's fields, shared by the «new provider» modal and the provider page.
import { Button, Group, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { DEFAULT_NUMBER_TEMPLATE, type Signatory } from '../../contract/certificates';
import { providerCreate } from '../../contract/directory';
import { useSession } from '../auth/session';
import { providerDocumentsText } from '../i18n/provider-documents';
import { providersText } from '../i18n/providers';
import { DATE_FORMAT, parseRuDate } from '../ui/format';
import { optional, zodResolver } from '../ui/forms';

export type ProviderValues = {
  name: string;
  shortName: string;
  licenseNumber: string;
  licenseDate: string;
  address: string;
  numberTemplate: string;
  blankSeries: string;
  inn: string;
  ogrn: string;
  city: string;
  signatories: Signatory[];
};

export const emptyProvider: ProviderValues = {
  name: '',
  shortName: '',
  licenseNumber: '',
  licenseDate: '',
  address: '',
  numberTemplate: DEFAULT_NUMBER_TEMPLATE,
  blankSeries: '',
  inn: '',
  ogrn: '',
  city: '',
  signatories: [],
};

const MAX_SIGNATORIES = 4;

/** What the provider's documents print: numbering, blanks, requisites and who signs. */
function DocumentFields({ form, readOnly }: { form: UseFormReturnType<ProviderValues>; readOnly: boolean }) {
  const t = providerDocumentsText;
  return (
    <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
      <Title order={3} size="h5" component="legend">
        {t.title}
      </Title>
      <Text size="sm" c="dimmed">
        {t.lead}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t.numberTemplate}
          description={t.numberTemplateHint}
          required
          readOnly={readOnly}
          {...form.getInputProps('numberTemplate')}
        />
        <TextInput
          label={t.blankSeries}
          readOnly={readOnly}
          {...optional}
          {...form.getInputProps('blankSeries')}
        />
        <TextInput label={t.inn} readOnly={readOnly} {...optional} {...form.getInputProps('inn')} />
        <TextInput label={t.ogrn} readOnly={readOnly} {...optional} {...form.getInputProps('ogrn')} />
        <TextInput label={t.city} readOnly={readOnly} {...optional} {...form.getInputProps('city')} />
      </SimpleGrid>
      <Text size="sm" fw={500}>
        {t.signatories}
      </Text>
      {form.values.signatories.map((_, i) => (
        // On a phone the position, the name and the button each take a line of their own.
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, their order is their identity
        <Group key={i} align="flex-end">
          <TextInput
            label={t.signatoryPosition}
            required
            readOnly={readOnly}
            style={{ flex: '1 1 200px' }}
            {...form.getInputProps(`signatories.${i}.position`)}
          />
          <TextInput
            label={t.signatoryName}
            required
            readOnly={readOnly}
            style={{ flex: '1 1 200px' }}
            {...form.getInputProps(`signatories.${i}.name`)}
          />
          {readOnly ? null : (
            <Button variant="subtle" color="red" onClick={() => form.removeListItem('signatories', i)}>
              {t.removeSignatory(i + 1)}
            </Button>
          )}
        </Group>
      ))}
      {readOnly || form.values.signatories.length >= MAX_SIGNATORIES ? null : (
        <Group>
          <Button
            variant="default"
            size="xs"
            onClick={() => form.insertListItem('signatories', { position: '', name: '' })}
          >
            {t.addSignatory}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export const validateProvider = zodResolver(providerCreate);

export function ProviderFields({
  form,
  readOnly = false,
  documents = false,
}: {
  form: UseFormReturnType<ProviderValues>;
  readOnly?: boolean;
  /** Show what the provider's documents print (the card; a new provider starts with the defaults). */
  documents?: boolean;
}) {
  const { me } = useSession();
  return (
    <Stack>
      <TextInput
        label={providersText.name}
        required
        readOnly={readOnly}
        data-autofocus
        {...form.getInputProps('name')}
      />
      <TextInput
        label={providersText.shortName}
        readOnly={readOnly}
        {...optional}
        {...form.getInputProps('shortName')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={providersText.licenseNumber}
          required
          readOnly={readOnly}
          {...form.getInputProps('licenseNumber')}
        />
        <DateInput
          label={providersText.licenseDate}
          placeholder={providersText.licenseDatePlaceholder}
          valueFormat={DATE_FORMAT}
          dateParser={parseRuDate}
          locale="ru"
          required
          readOnly={readOnly}
          maxDate={me?.today}
          {...form.getInputProps('licenseDate')}
          value={form.values.licenseDate || null}
          onChange={(value) => form.setFieldValue('licenseDate', value ?? '')}
        />
      </SimpleGrid>
      <Textarea
        label={providersText.address}
        {...optional}
        autosize
        minRows={2}
        readOnly={readOnly}
        {...form.getInputProps('address')}
      />
      {documents ? <DocumentFields form={form} readOnly={readOnly} /> : null}
    </Stack>
  );
}
