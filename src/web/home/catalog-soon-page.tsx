// The catalog's place: it opens in a later version, so the link is never a dead end.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { ru } from '../i18n/ru';
import { PageHeader } from '../ui/page';

export function CatalogSoonPage() {
  const { me } = useSession();
  return (
    <Stack py="lg" maw={760}>
      <PageHeader title={ru.catalog.title} />
      <Alert color="primary" title={ru.catalog.soonTitle}>
        <Text size="sm">{ru.catalog.soonText}</Text>
      </Alert>
      <Group gap="sm">
        {me ? (
          <Button component={Link} to="/cabinet">
            {ru.actions.toCabinet}
          </Button>
        ) : (
          <>
            <Button component={Link} to="/signup">
              {ru.actions.signup}
            </Button>
            <Button component={Link} to="/login" variant="default">
              {ru.actions.login}
            </Button>
          </>
        )}
        <Button component={Link} to="/" variant="subtle">
          {ru.app.home}
        </Button>
      </Group>
    </Stack>
  );
}
