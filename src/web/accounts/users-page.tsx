// Accounts within the current user's reach (all for the operator, the provider's for its
// administrator, the department's for a head — the server scopes the list): search, filters and
// page in the URL, creating, editing, blocking and password resets by each row's abilities.
import { Badge, Button, Card, Group, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { User } from '../../contract/accounts';
import { ROLES } from '../../contract/auth';
import { hasRole, useMe } from '../auth/session';
import { ru } from '../i18n/ru';
import { usersText } from '../i18n/users';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { PageHeader } from '../ui/page';
import { RoleBadges } from '../ui/role-badges';
import { useUsers } from './queries';
import { useRolePolicy } from './roles-editor';
import { useUserActions } from './user-actions';
import { UserModal } from './user-modal';

const roleOptions = ROLES.map((r) => ({ value: r, label: ru.roles[r] }));
const blockedOptions = [
  { value: 'false', label: usersText.statusActive },
  { value: 'true', label: usersText.statusBlocked },
];

function StatusCell({ user }: { user: User }) {
  return (
    <Stack gap={4} align="flex-start">
      <Badge color={user.blocked ? 'red' : 'teal'} variant="light">
        {user.blocked ? usersText.blocked : usersText.active}
      </Badge>
      {user.mustChangePassword ? (
        <Text size="xs" c="orange">
          {usersText.mustChange}
        </Text>
      ) : null}
    </Stack>
  );
}

type Actions = ReturnType<typeof useUserActions>;

/** The buttons a row gets: only those the server's abilities allow. */
function UserButtons({ user, onEdit, actions }: { user: User; onEdit: () => void; actions: Actions }) {
  return (
    <Stack gap={6} w={{ base: '100%', md: 150 }}>
      {user.abilities.update || user.abilities.editRoles ? (
        <Button size="xs" variant="light" fullWidth onClick={onEdit}>
          {ru.actions.edit}
        </Button>
      ) : null}
      {user.abilities.block && !user.blocked ? (
        <Button size="xs" variant="light" fullWidth color="red" onClick={() => actions.askBlock(user)}>
          {usersText.block}
        </Button>
      ) : null}
      {user.abilities.unblock && user.blocked ? (
        <Button size="xs" variant="light" fullWidth onClick={() => actions.askUnblock(user)}>
          {usersText.unblock}
        </Button>
      ) : null}
      {user.abilities.resetPassword ? (
        <Button size="xs" variant="light" fullWidth color="orange" onClick={() => actions.askReset(user)}>
          {usersText.resetPassword}
        </Button>
      ) : null}
    </Stack>
  );
}

/** On a phone each account is a card instead of a table row. */
function UserCard({ user, onEdit, actions }: { user: User; onEdit: () => void; actions: Actions }) {
  return (
    <Card withBorder padding="sm" radius="sm" component="article" aria-label={user.fullName}>
      <Stack gap="xs">
        <div>
          <Text fw={600}>{user.fullName}</Text>
          <Text size="sm" ff="monospace">
            {user.login}
          </Text>
          {user.email && user.email !== user.login ? (
            <Text size="xs" c="dimmed">
              {user.email}
            </Text>
          ) : null}
        </div>
        <RoleBadges roles={user.roles} />
        {user.workplace ? <Text size="sm">{user.workplace}</Text> : null}
        <StatusCell user={user} />
        <UserButtons user={user} onEdit={onEdit} actions={actions} />
      </Stack>
    </Card>
  );
}

export function UsersPage() {
  const me = useMe();
  const policy = useRolePolicy(me);
  const headOnly = hasRole(me, 'head') && !hasRole(me, 'operator', 'provider_admin');
  const list = useUrlFilters(['q', 'role', 'blocked'] as const);
  const query = useUsers({
    q: list.values.q,
    role: list.values.role,
    blocked: list.values.blocked,
    limit: list.limit,
    offset: list.offset,
  });
  const [modal, setModal] = useState<{ user: User | null } | null>(null);
  const actions = useUserActions();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;

  return (
    <>
      <PageHeader
        title={headOnly ? usersText.titleHead : usersText.title}
        lead={headOnly ? usersText.leadHead : usersText.lead}
        actions={<Button onClick={() => setModal({ user: null })}>{usersText.create}</Button>}
      />
      <Card withBorder padding="md" radius="md">
        <Group mb="md" align="flex-end" gap="md">
          <SearchField
            label={usersText.search}
            placeholder={usersText.searchDescription}
            value={list.values.q}
            onChange={(q) => list.update({ q }, true)}
          />
          {headOnly ? null : (
            <Select
              label={usersText.roleFilter}
              placeholder={ru.common.all}
              data={roleOptions}
              clearable
              value={list.values.role || null}
              onChange={(role) => list.update({ role })}
              miw={220}
              style={{ flex: '1 1 220px' }}
            />
          )}
          <Select
            label={usersText.statusFilter}
            placeholder={usersText.statusAll}
            data={blockedOptions}
            clearable
            value={list.values.blocked || null}
            onChange={(blocked) => list.update({ blocked })}
            miw={180}
            style={{ flex: '0 1 200px' }}
          />
          {list.active ? (
            <Button variant="subtle" onClick={list.reset}>
              {ru.actions.resetFilters}
            </Button>
          ) : null}
        </Group>
        <ListState query={query} filtered={list.active}>
          {(items) =>
            phone ? (
              <Stack gap="sm">
                {items.map((u) => (
                  <UserCard key={u.id} user={u} onEdit={() => setModal({ user: u })} actions={actions} />
                ))}
              </Stack>
            ) : (
              <Table.ScrollContainer minWidth={960}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{usersText.fullName}</Table.Th>
                      <Table.Th>{usersText.login}</Table.Th>
                      <Table.Th>{usersText.roles}</Table.Th>
                      <Table.Th>{usersText.organization}</Table.Th>
                      <Table.Th>{usersText.status}</Table.Th>
                      <Table.Th>
                        <VisuallyHidden>{ru.common.actionsColumn}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((u) => (
                      <Table.Tr key={u.id}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {u.fullName}
                          </Text>
                          {u.email && u.email !== u.login ? (
                            <Text size="xs" c="dimmed">
                              {u.email}
                            </Text>
                          ) : null}
                        </Table.Td>
                        <Table.Td miw={150} maw={220}>
                          <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                            {u.login}
                          </Text>
                        </Table.Td>
                        <Table.Td maw={320}>
                          <RoleBadges roles={u.roles} />
                        </Table.Td>
                        <Table.Td>{u.workplace ?? ru.common.none}</Table.Td>
                        <Table.Td miw={110}>
                          <StatusCell user={u} />
                        </Table.Td>
                        <Table.Td>
                          <UserButtons user={u} onEdit={() => setModal({ user: u })} actions={actions} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </ListState>
        {query.data ? (
          <ListFooter
            total={query.data.total}
            page={list.page}
            limit={list.limit}
            onPage={(page) => list.update({ page: String(page) })}
          />
        ) : null}
      </Card>
      <UserModal
        user={modal?.user ?? null}
        opened={modal !== null}
        onClose={() => setModal(null)}
        policy={policy}
      />
      {actions.dialogs}
    </>
  );
}
