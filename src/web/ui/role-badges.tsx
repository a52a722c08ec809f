// A user's roles as badges, each with the name of its territory, provider or department beneath.
import { Badge, Stack, Text } from '@mantine/core';
import type { RoleGrant } from '../../contract/auth';
import { ru } from '../i18n/ru';
import { grantLabel, scopeName } from './format';

const ROLE_COLORS: Record<RoleGrant['role'], string> = {
  operator: 'grape',
  provider_admin: 'indigo',
  head: 'cyan',
  manager: 'teal',
  methodist: 'orange',
  teacher: 'gray',
};

export function RoleBadges({ roles, short = true }: { roles: RoleGrant[]; short?: boolean }) {
  return (
    <Stack gap={8} align="flex-start">
      {roles.map((r) => {
        const scope = scopeName(r);
        return (
          <div key={grantLabel(r)}>
            <Badge
              color={ROLE_COLORS[r.role]}
              variant="light"
              radius="sm"
              styles={{
                root: { height: 'auto', minHeight: 22, paddingBlock: 2 },
                label: { whiteSpace: 'normal' },
              }}
            >
              {(short ? ru.rolesShort : ru.roles)[r.role]}
            </Badge>
            {scope ? (
              <Text size="xs" c="dimmed" mt={2} maw={300}>
                {scope}
              </Text>
            ) : null}
          </div>
        );
      })}
    </Stack>
  );
}
