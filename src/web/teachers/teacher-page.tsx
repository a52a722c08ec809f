// A teacher's card for her methodist and the operator: the profile a methodist may see (never
// СНИЛС, birth date or diploma), the applications with their states, a link to the CPD history,
// and the actions: change the organization or position, send the invitation again.
import { Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { TeacherCard } from '../../contract/teachers';
import { ApplicationStatusBadge } from '../applications/status';
import { OrganizationSelect, PositionSelect } from '../directory/selects';
import { cpdText } from '../i18n/cpd';
import { ru } from '../i18n/ru';
import { teachersText } from '../i18n/teachers';
import { formatDate, formatDateTime } from '../ui/format';
import { showError, showSuccess } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { useTeacher, useTeacherMutations } from './queries';
import { AccountBadge } from './teachers-page';

const text = teachersText;

function EditModal({ card, opened, onClose }: { card: TeacherCard; opened: boolean; onClose: () => void }) {
  const { update } = useTeacherMutations(card.id);
  const [organizationId, setOrganizationId] = useState(card.organization.id);
  const [position, setPosition] = useState(card.position);
  const save = async () => {
    try {
      await update.mutateAsync({
        ...(organizationId !== card.organization.id ? { organizationId: Number(organizationId) } : {}),
        ...(position !== card.position ? { position } : {}),
      });
      showSuccess(text.saved);
      onClose();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <AppModal opened={opened} onClose={onClose} title={text.editTitle} size="lg">
      <Stack>
        <OrganizationSelect
          territoryId={card.territory.id}
          label={text.filterOrganization}
          value={organizationId}
          onChange={setOrganizationId}
        />
        <PositionSelect label={text.filterPosition} value={position} onChange={setPosition} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {ru.actions.cancel}
          </Button>
          <Button onClick={() => void save()} loading={update.isPending}>
            {text.save}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function TeacherPage() {
  const { id = '' } = useParams();
  const query = useTeacher(id);
  const { invite } = useTeacherMutations(id);
  const [editing, setEditing] = useState(false);
  if (query.isPending) return <PageLoader />;
  if (query.isError || !query.data)
    return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const t = query.data;
  const resend = async () => {
    try {
      const { email } = await invite.mutateAsync();
      showSuccess(text.resent(email));
    } catch (error) {
      showError(error);
    }
  };
  return (
    <>
      <PageHeader
        title={t.fullName}
        lead={text.cardLead(t.organization.name, t.position)}
        actions={
          <>
            {t.abilities.edit ? <Button onClick={() => setEditing(true)}>{text.edit}</Button> : null}
            {t.abilities.invite ? (
              <Button variant="light" onClick={() => void resend()} loading={invite.isPending}>
                {text.resend}
              </Button>
            ) : null}
            <Button component={Link} to="/teachers" variant="subtle">
              {text.back}
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <Card withBorder padding="md" radius="md">
          <Title order={2} size="h4" mb="sm">
            {text.profile}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Field label={text.columns.account}>
              <AccountBadge state={t.account} />
            </Field>
            <Field label={text.login}>{t.login}</Field>
            <Field label={text.email}>
              {t.email ?? text.noEmail}
              {t.email ? ` (${t.emailConfirmed ? text.emailConfirmed : text.emailUnconfirmed})` : ''}
            </Field>
            {t.invitedAt ? <Field label={text.invitedAt}>{formatDateTime(t.invitedAt)}</Field> : null}
            <Field label={text.territory}>{t.territory.name}</Field>
            <Field label={text.filterOrganization}>{t.organization.name}</Field>
            <Field label={text.filterPosition}>{t.position}</Field>
            {t.subject ? <Field label={text.subject}>{t.subject}</Field> : null}
            <Field label={text.columns.lastCpdOn}>
              {cpdText.rule[t.cpd.rule]}
              {t.cpd.lastCompletedOn ? `, ${formatDate(t.cpd.lastCompletedOn)}` : ` (${text.noCpd})`}
              {t.abilities.viewCpd ? (
                <>
                  {' · '}
                  <Anchor component={Link} to={`/teachers/${t.id}/cpd`}>
                    {text.cpdHistory}
                  </Anchor>
                </>
              ) : null}
            </Field>
          </SimpleGrid>
          <Text size="xs" mt="sm">
            {text.personalNote}
          </Text>
        </Card>
        <Card withBorder padding="md" radius="md">
          <Title order={2} size="h4" mb="sm">
            {text.applications} ({text.applicationsCount(t.applications.active, t.applications.total)})
          </Title>
          {t.applicationsList.length === 0 ? (
            <Text size="sm">{text.noApplications}</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{text.course}</Table.Th>
                    <Table.Th>{text.dates}</Table.Th>
                    <Table.Th>{text.appliedAt}</Table.Th>
                    <Table.Th>{text.status}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {t.applicationsList.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/applications/${a.id}`}>
                          {a.courseTitle}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {formatDate(a.startsOn)} — {formatDate(a.endsOn)}
                      </Table.Td>
                      <Table.Td>{formatDateTime(a.createdAt)}</Table.Td>
                      <Table.Td>
                        <ApplicationStatusBadge status={a.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      </Stack>
      {editing ? <EditModal card={t} opened={editing} onClose={() => setEditing(false)} /> : null}
    </>
  );
}
