// The provider card's fields, shared by the «new provider» modal and the provider page.
import { SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { providerCreate } from '../../contract/directory';
import { ru } from '../i18n/ru';
import { DATE_FORMAT, parseRuDate } from '../ui/format';
import { optional, zodResolver } from '../ui/forms';

export type ProviderValues = {
  name: string;
  shortName: string;
  licenseNumber: string;
  licenseDate: string;
  address: string;
};

export const emptyProvider: ProviderValues = {
  name: '',
  shortName: '',
  licenseNumber: '',
  licenseDate: '',
  address: '',
};

export const validateProvider = zodResolver(providerCreate);

export function ProviderFields({
  form,
  readOnly = false,
}: {
  form: UseFormReturnType<ProviderValues>;
  readOnly?: boolean;
}) {
  return (
    <Stack>
      <TextInput
        label={ru.providers.name}
        required
        readOnly={readOnly}
        data-autofocus
        {...form.getInputProps('name')}
      />
      <TextInput
        label={ru.providers.shortName}
        readOnly={readOnly}
        {...optional}
        {...form.getInputProps('shortName')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={ru.providers.licenseNumber}
          required
          readOnly={readOnly}
          {...form.getInputProps('licenseNumber')}
        />
        <DateInput
          label={ru.providers.licenseDate}
          placeholder={ru.providers.licenseDatePlaceholder}
          valueFormat={DATE_FORMAT}
          dateParser={parseRuDate}
          locale="ru"
          required
          readOnly={readOnly}
          maxDate={new Date()}
          {...form.getInputProps('licenseDate')}
          value={form.values.licenseDate || null}
          onChange={(value) => form.setFieldValue('licenseDate', value ?? '')}
        />
      </SimpleGrid>
      <Textarea
        label={ru.providers.address}
        {...optional}
        autosize
        minRows={2}
        readOnly={readOnly}
        {...form.getInputProps('address')}
      />
    </Stack>
  );
}
