// Creating an account (names, login, e-mail, a temporary password, roles) and editing one (names,
// e-mail, roles — each only when the server says the current user may).
import {
  Alert,
  Button,
  Divider,
  Fieldset,
  Group,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { type User, type UserCreate, userCreate, userUpdate } from '../../contract/accounts';
import { PASSWORD_RULES } from '../../contract/auth';
import { PasswordStrengthMeter } from '../auth/password-strength-meter';
import { OrganizationSelect, PositionSelect, TerritorySelect } from '../directory/selects';
import { authText } from '../i18n/auth';
import { ru } from '../i18n/ru';
import { usersText } from '../i18n/users';
import { focusFirstInvalid, optional, showError, showSuccess, zodResolver } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { useCreateUser, useUpdateUser } from './queries';
import {
  initialRows,
  lockRows,
  type RolePolicy,
  type RoleRow,
  RolesEditor,
  rowFromGrant,
  toRoleInput,
  validateRows,
} from './roles-editor';

type Values = {
  lastName: string;
  firstName: string;
  middleName: string;
  email: string;
  login: string;
  password: string;
  roles: RoleRow[];
  territoryId: string;
  organizationId: string;
  position: string;
};

const blank: Values = {
  lastName: '',
  firstName: '',
  middleName: '',
  email: '',
  login: '',
  password: '',
  roles: [],
  territoryId: '',
  organizationId: '',
  position: '',
};

const validateCreate = zodResolver(userCreate);
const validateUpdate = zodResolver(userUpdate);

const roleInputs = (rows: RoleRow[]) => rows.map(toRoleInput).filter((r) => r !== null);
const hasTeacher = (rows: RoleRow[]) => rows.some((r) => r.role === 'teacher');

function createBody(v: Values): UserCreate {
  return {
    login: v.login,
    password: v.password,
    lastName: v.lastName,
    firstName: v.firstName,
    middleName: v.middleName,
    email: v.email,
    roles: roleInputs(v.roles),
    ...(hasTeacher(v.roles) ? { organizationId: v.organizationId, position: v.position } : {}),
  };
}

/** Zod's messages for everything but roles, whose plain checks come from validateRows. */
function withoutRoleErrors(errors: Record<string, string>) {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => !k.startsWith('roles')));
}

export function UserModal({
  user,
  opened,
  onClose,
  policy,
}: {
  /** null: a new account. */
  user: User | null;
  opened: boolean;
  onClose: () => void;
  policy: RolePolicy;
}) {
  const create = useCreateUser();
  const update = useUpdateUser();
  const canUpdate = user ? user.abilities.update : true;
  const canEditRoles = user ? user.abilities.editRoles && policy.mode !== 'preset' : true;

  const form = useForm<Values>({
    initialValues: blank,
    validate: (values) => {
      const rowErrors = canEditRoles ? validateRows(values.roles) : {};
      if (!user) {
        const errors = { ...withoutRoleErrors(validateCreate(createBody(values))), ...rowErrors };
        if (hasTeacher(values.roles)) {
          if (!values.territoryId) errors.territoryId = authText.territoryRequired;
          if (!values.organizationId) errors.organizationId = usersText.organizationRequired;
          if (!values.position) errors.position = usersText.positionRequired;
        }
        return errors;
      }
      const { lastName, firstName, middleName, email } = values;
      return {
        ...(canUpdate ? validateUpdate({ lastName, firstName, middleName, email }) : {}),
        ...rowErrors,
      };
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens
  useEffect(() => {
    if (!opened) return;
    const values: Values = user
      ? {
          ...blank,
          lastName: user.lastName,
          firstName: user.firstName,
          middleName: user.middleName ?? '',
          email: user.email ?? '',
          login: user.login,
          roles: lockRows(user.roles.map(rowFromGrant), policy),
        }
      : { ...blank, roles: initialRows(policy) };
    form.setValues(values);
    form.resetDirty(values);
    form.clearErrors();
  }, [opened, user]);

  const submit = form.onSubmit(async (values) => {
    try {
      if (!user) {
        const created = await create.mutateAsync(createBody(values));
        showSuccess(usersText.created, usersText.createdText(created.login));
        onClose();
        return;
      }
      const { lastName, firstName, middleName, email } = values;
      const namesChanged =
        canUpdate &&
        (lastName !== user.lastName ||
          firstName !== user.firstName ||
          middleName !== (user.middleName ?? '') ||
          email !== (user.email ?? ''));
      const before = JSON.stringify(roleInputs(user.roles.map(rowFromGrant)));
      const rolesChanged = canEditRoles && JSON.stringify(roleInputs(values.roles)) !== before;
      if (!namesChanged && !rolesChanged) {
        showSuccess(usersText.noChanges);
        onClose();
        return;
      }
      await update.mutateAsync({
        id: user.id,
        update: namesChanged ? { lastName, firstName, middleName, email } : null,
        roles: rolesChanged ? roleInputs(values.roles) : null,
      });
      showSuccess(usersText.updated);
      onClose();
    } catch (error) {
      showError(error, form);
    }
  }, focusFirstInvalid);

  const pending = create.isPending || update.isPending;
  const teacher = hasTeacher(form.values.roles);

  return (
    <AppModal
      opened={opened}
      onClose={onClose}
      title={user ? usersText.editTitle : usersText.createTitle}
      size="xl"
    >
      <form noValidate onSubmit={submit}>
        <Stack gap="lg">
          <Fieldset legend={usersText.personSection} variant="unstyled">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={authText.lastName}
                required
                readOnly={!canUpdate}
                data-autofocus
                {...form.getInputProps('lastName')}
              />
              <TextInput
                label={authText.firstName}
                required
                readOnly={!canUpdate}
                {...form.getInputProps('firstName')}
              />
              <TextInput
                label={authText.middleName}
                readOnly={!canUpdate}
                {...optional}
                {...form.getInputProps('middleName')}
              />
            </SimpleGrid>
          </Fieldset>

          <Fieldset legend={usersText.accountSection} variant="unstyled">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {user ? (
                <TextInput
                  label={usersText.login}
                  readOnly
                  description={usersText.loginReadOnly}
                  value={user.login}
                />
              ) : (
                <TextInput
                  label={usersText.login}
                  description={usersText.loginDescription}
                  required
                  autoComplete="off"
                  autoCapitalize="none"
                  spellCheck={false}
                  {...form.getInputProps('login')}
                />
              )}
              <TextInput
                type="email"
                label={usersText.email}
                {...optional}
                readOnly={!canUpdate}
                autoComplete="off"
                {...form.getInputProps('email')}
              />
            </SimpleGrid>
            {user ? null : (
              <Stack gap="xs" mt="md">
                <PasswordInput
                  label={authText.password}
                  description={PASSWORD_RULES}
                  required
                  autoComplete="new-password"
                  {...form.getInputProps('password')}
                />
                <PasswordStrengthMeter
                  password={form.values.password}
                  userInputs={[form.values.login, form.values.lastName, form.values.firstName]}
                />
                <Alert color="primary" variant="light" p="xs">
                  <Text size="sm">{usersText.passwordDescription}</Text>
                </Alert>
              </Stack>
            )}
          </Fieldset>

          {canEditRoles || user ? (
            <Fieldset legend={usersText.rolesSection} variant="unstyled">
              <Text size="sm" c="dimmed" mb="sm">
                {usersText.rolesHint}
              </Text>
              <RolesEditor
                rows={form.values.roles}
                onChange={(rows) => {
                  form.setFieldValue('roles', rows);
                  form.setErrors(
                    Object.fromEntries(Object.entries(form.errors).filter(([k]) => !k.startsWith('roles'))),
                  );
                }}
                policy={
                  canEditRoles ? policy : { mode: 'preset', row: form.values.roles[0] as RoleRow, label: '' }
                }
                errors={form.errors}
              />
            </Fieldset>
          ) : null}

          {teacher && !user ? (
            <Fieldset legend={usersText.teacherSection} variant="unstyled">
              <Stack>
                <TerritorySelect
                  label={usersText.teacherTerritory}
                  required
                  {...form.getInputProps('territoryId')}
                  onChange={(value) => {
                    form.setFieldValue('territoryId', value);
                    form.setFieldValue('organizationId', '');
                  }}
                />
                <OrganizationSelect
                  label={authText.organization}
                  required
                  territoryId={form.values.territoryId}
                  {...form.getInputProps('organizationId')}
                />
                <PositionSelect label={authText.position} required {...form.getInputProps('position')} />
              </Stack>
            </Fieldset>
          ) : null}

          <Divider />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {ru.actions.cancel}
            </Button>
            <Button type="submit" loading={pending}>
              {user ? ru.actions.save : ru.actions.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
