// Building blocks every page uses: the document title, a page header, and the loading / error /
// empty states of a query.
import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { ApiError } from '../api';
import { ru } from '../i18n/ru';

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = ru.app.pageTitle(title);
    return () => {
      document.title = ru.app.title;
    };
  }, [title]);
}

export function PageHeader({
  title,
  lead,
  actions,
}: {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
}) {
  useDocumentTitle(title);
  return (
    <Group justify="space-between" align="flex-start" mb="lg" gap="md">
      <Stack gap={4} maw={760}>
        <Title order={1} size="h2">
          {title}
        </Title>
        {lead ? <Text c="dimmed">{lead}</Text> : null}
      </Stack>
      {actions ? <Group gap="sm">{actions}</Group> : null}
    </Group>
  );
}

export function PageLoader() {
  return (
    <Center py="xl" role="status" aria-live="polite" aria-label={ru.app.loading}>
      <Loader />
    </Center>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const title = error instanceof ApiError ? error.problem.title : ru.common.loadError;
  const detail = error instanceof ApiError ? error.problem.detail : ru.errors.unexpectedDetail;
  return (
    <Alert color="red" title={title} role="alert" my="md">
      <Stack gap="sm" align="flex-start">
        {detail ? <Text size="sm">{detail}</Text> : null}
        {onRetry ? (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {ru.actions.retry}
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function EmptyRows({ hint }: { hint?: string }) {
  return (
    <Stack gap={4} py="lg" align="center">
      <Text fw={500}>{ru.common.empty}</Text>
      {hint ? (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Stack>
  );
}
