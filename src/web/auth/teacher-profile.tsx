// A teacher's profile: the place of work and the personal data documents about training need,
// with what is still missing for them (as the server computed it from the saved profile).
import {
  Alert,
  Button,
  Card,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DIPLOMA_LEVELS,
  EDUCATION_LEVELS,
  type EducationLevel,
  type ProfileUpdateBody,
  profileUpdate,
  SEXES,
  type TeacherProfile,
} from '../../contract/profile';
import { api, keys } from '../api';
import { OrganizationSelect, PositionSelect, TerritorySelect } from '../directory/selects';
import { authText } from '../i18n/auth';
import { profileText } from '../i18n/profile';
import { ru } from '../i18n/ru';
import { usersText } from '../i18n/users';
import { DATE_FORMAT, parseRuDate } from '../ui/format';
import { focusFirstInvalid, optional, showError, showSuccess, zodResolver } from '../ui/forms';
import { LoadError, PageLoader } from '../ui/page';

type Values = {
  birthDate: string;
  sex: string;
  snils: string;
  educationLevel: string;
  diplomaSurname: string;
  diplomaSeries: string;
  diplomaNumber: string;
  territoryId: string;
  organizationId: string;
  position: string;
  subject: string;
};

const valuesOf = (p: TeacherProfile): Values => ({
  birthDate: p.birthDate ?? '',
  sex: p.sex ?? '',
  snils: p.snils ?? '',
  educationLevel: p.educationLevel ?? '',
  diplomaSurname: p.diplomaSurname ?? '',
  diplomaSeries: p.diplomaSeries ?? '',
  diplomaNumber: p.diplomaNumber ?? '',
  territoryId: p.territoryId,
  organizationId: p.organizationId,
  position: p.position,
  subject: p.subject ?? '',
});

const bodyOf = ({ territoryId: _territory, ...v }: Values): ProfileUpdateBody => ({
  ...v,
  birthDate: v.birthDate || null,
  sex: (v.sex || null) as ProfileUpdateBody['sex'],
  educationLevel: (v.educationLevel || null) as ProfileUpdateBody['educationLevel'],
});

const validateBody = zodResolver(profileUpdate);
/** A note under the input, so that inputs in a row stay aligned. */
const BELOW = optional.inputWrapperOrder;
const text = profileText.teacher;

/** Whether the education level (or its absence) asks for diploma data. */
const needsDiploma = (level: string) => !level || DIPLOMA_LEVELS.includes(level as EducationLevel);

export function TeacherProfileCard() {
  const query = useQuery({
    queryKey: keys.profile,
    queryFn: ({ signal }) => api.get<TeacherProfile>('/me/profile', undefined, signal),
  });
  return (
    <Card withBorder padding="lg" radius="md">
      <Title order={2} size="h4" mb={4}>
        {text.title}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {text.lead}
      </Text>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <TeacherProfileForm profile={query.data} />
      )}
    </Card>
  );
}

function MissingForDocuments({ missing }: { missing: TeacherProfile['missingForDocuments'] }) {
  if (missing.length === 0)
    return (
      <Alert color="teal" title={text.complete} role="status">
        {text.completeText}
      </Alert>
    );
  return (
    <Alert color="yellow" title={text.missingTitle(missing.map((f) => text.missingNames[f]))} role="status">
      {text.missingText}
    </Alert>
  );
}

function TeacherProfileForm({ profile }: { profile: TeacherProfile }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: valuesOf(profile),
    validate: (values) => {
      const errors = validateBody(bodyOf(values));
      if (!values.territoryId) errors.territoryId = authText.territoryRequired;
      if (!values.organizationId) errors.organizationId = usersText.organizationRequired;
      if (!values.position) errors.position = usersText.positionRequired;
      return errors;
    },
  });
  const mutation = useMutation({
    mutationFn: (body: ProfileUpdateBody) => api.put<TeacherProfile>('/me/profile', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.profile, saved);
      form.setValues(valuesOf(saved));
      form.resetDirty(valuesOf(saved));
      showSuccess(text.saved);
    },
    onError: (error) => showError(error, form),
  });
  const submit = form.onSubmit((values) => mutation.mutate(bodyOf(values)), focusFirstInvalid);
  const diploma = needsDiploma(form.values.educationLevel);

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="lg">
        <MissingForDocuments missing={profile.missingForDocuments} />
        <Fieldset legend={text.personalSection} variant="unstyled">
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <DateInput
                label={text.fields.birthDate}
                valueFormat={DATE_FORMAT}
                dateParser={parseRuDate}
                placeholder={text.datePlaceholder}
                defaultLevel="decade"
                // A teacher's birth year is decades back: the picker opens there, not on this year.
                defaultDate={form.values.birthDate || '1985-01-01'}
                clearable
                {...form.getInputProps('birthDate')}
                value={form.values.birthDate || null}
                onChange={(v) => form.setFieldValue('birthDate', v ?? '')}
              />
              <Select
                label={text.fields.sex}
                data={SEXES.map((value) => ({ value, label: text.sexes[value] }))}
                clearable
                {...form.getInputProps('sex')}
                value={form.values.sex || null}
                onChange={(v) => form.setFieldValue('sex', v ?? '')}
              />
              <TextInput
                label={text.fields.snils}
                description={text.snilsDescription}
                inputWrapperOrder={BELOW}
                placeholder="123-456-789 64"
                inputMode="numeric"
                autoComplete="off"
                {...form.getInputProps('snils')}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Fieldset legend={text.educationSection} variant="unstyled">
          <Stack>
            <Select
              label={text.fields.educationLevel}
              description={text.educationDescription}
              data={EDUCATION_LEVELS.map((value) => ({ value, label: text.educationLevels[value] }))}
              clearable
              {...form.getInputProps('educationLevel')}
              value={form.values.educationLevel || null}
              onChange={(v) => form.setFieldValue('educationLevel', v ?? '')}
            />
            {diploma ? (
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={text.fields.diplomaSurname}
                  description={text.diplomaSurnameDescription}
                  inputWrapperOrder={BELOW}
                  {...form.getInputProps('diplomaSurname')}
                />
                <TextInput label={text.fields.diplomaSeries} {...form.getInputProps('diplomaSeries')} />
                <TextInput label={text.fields.diplomaNumber} {...form.getInputProps('diplomaNumber')} />
              </SimpleGrid>
            ) : (
              <Text size="sm" c="dimmed">
                {text.noDiplomaYet}
              </Text>
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend={authText.workSection} variant="unstyled">
          <Stack>
            <TerritorySelect
              label={authText.territory}
              required
              {...form.getInputProps('territoryId')}
              onChange={(value) => {
                form.setFieldValue('territoryId', value);
                form.setFieldValue('organizationId', '');
              }}
            />
            <OrganizationSelect
              label={authText.organization}
              description={authText.organizationDescription}
              required
              territoryId={form.values.territoryId}
              initialLabel={profile.organizationName}
              {...form.getInputProps('organizationId')}
            />
            {form.values.territoryId && form.values.territoryId !== profile.territoryId ? (
              <Alert color="blue" role="status" data-testid="territory-move">
                {text.territoryMove(profile.territoryName)}
              </Alert>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <PositionSelect label={authText.position} required {...form.getInputProps('position')} />
              <TextInput label={authText.subject} {...optional} {...form.getInputProps('subject')} />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending} disabled={!form.isDirty()}>
            {ru.actions.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
