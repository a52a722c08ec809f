// The files of a program or a course: the list with download links, an upload with an optional
// title (checked for kind and size before it is sent), and deletion after a confirmation.
import {
  Anchor,
  Button,
  Card,
  CloseButton,
  FileInput,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { FILE_EXTENSIONS, type FileInfo, MAX_FILE_BYTES } from '../../contract/catalog';
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { workspaceText } from '../i18n/workspace';
import { formatDate } from '../ui/format';
import { focusFirstInvalid, optional, showError, showSuccess } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { useFileMutations } from './queries';

const MB = MAX_FILE_BYTES / 1024 / 1024;
const EXTENSIONS = FILE_EXTENSIONS.join(', ');
const ACCEPT = FILE_EXTENSIONS.map((e) => `.${e}`).join(',');

type UploadValues = { title: string; file: File | null };

function checkFile(file: File | null): string | null {
  if (!file) return workspaceText.fileRequired;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  if (!(FILE_EXTENSIONS as readonly string[]).includes(extension))
    return workspaceText.fileWrongType(EXTENSIONS);
  if (file.size > MAX_FILE_BYTES) return workspaceText.fileTooLarge(MB);
  return null;
}

export function FilesCard({
  owner,
  ownerId,
  files,
  canEdit,
  lead,
}: {
  owner: 'programs' | 'courses';
  ownerId: string;
  files: FileInfo[];
  canEdit: boolean;
  lead: string;
}) {
  const { upload, remove } = useFileMutations(owner, ownerId);
  const [deleting, setDeleting] = useState<FileInfo | null>(null);
  const form = useForm<UploadValues>({
    initialValues: { title: '', file: null },
    validate: { file: checkFile },
  });
  const submit = form.onSubmit(async ({ title, file }) => {
    if (!file) return;
    try {
      await upload.mutateAsync({ file, title });
      showSuccess(workspaceText.uploaded);
      form.reset();
    } catch (error) {
      showError(error, form);
    }
  }, focusFirstInvalid);
  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      await remove.mutateAsync(deleting.id);
      showSuccess(workspaceText.fileDeleted);
      setDeleting(null);
    } catch (error) {
      showError(error);
    }
  };
  const headingId = `${owner}-files`;

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId}>
        {workspaceText.files}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {lead}
      </Text>
      {files.length === 0 ? (
        <Text size="sm" c="dimmed">
          {workspaceText.filesEmpty}
        </Text>
      ) : (
        <List spacing="xs" listStyleType="none" p={0}>
          {files.map((f) => {
            const name = f.title ?? f.name;
            return (
              <List.Item key={f.id}>
                <Group gap="xs" wrap="nowrap" align="center">
                  <div style={{ flex: 1 }}>
                    <Anchor href={f.url} download={f.name} aria-label={catalogText.download(name)}>
                      {name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {f.title ? `${f.name} · ` : ''}
                      {catalogText.fileSize(f.size)} · {workspaceText.fileAdded(formatDate(f.createdAt))}
                    </Text>
                  </div>
                  {canEdit ? (
                    <CloseButton aria-label={workspaceText.deleteFile(name)} onClick={() => setDeleting(f)} />
                  ) : null}
                </Group>
              </List.Item>
            );
          })}
        </List>
      )}
      {canEdit ? (
        <form noValidate onSubmit={submit}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
            <TextInput
              label={workspaceText.fileTitle}
              description={workspaceText.fileTitleDescription}
              inputWrapperOrder={optional.inputWrapperOrder}
              maxLength={300}
              {...form.getInputProps('title')}
            />
            <FileInput
              label={workspaceText.file}
              description={workspaceText.fileDescription(EXTENSIONS, MB)}
              inputWrapperOrder={optional.inputWrapperOrder}
              placeholder={workspaceText.filePlaceholder}
              accept={ACCEPT}
              clearable
              {...form.getInputProps('file')}
            />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button type="submit" loading={upload.isPending}>
              {workspaceText.upload}
            </Button>
          </Group>
        </form>
      ) : null}
      <AppModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={workspaceText.deleteFileTitle}
        size="md"
      >
        <Stack>
          <Text>{workspaceText.deleteFileText(deleting ? (deleting.title ?? deleting.name) : '')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setDeleting(null)} data-autofocus>
              {ru.actions.cancel}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => void confirmDelete()}>
              {workspaceText.delete}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </Card>
  );
}
