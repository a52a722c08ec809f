// A modal that takes the whole screen on a phone, where a centred box leaves no room for a form.
import { Modal, type ModalProps } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';

export const PHONE_QUERY = '(max-width: 36em)';

export function AppModal(props: ModalProps) {
  const phone = useMediaQuery(PHONE_QUERY) ?? false;
  return <Modal fullScreen={phone} {...props} />;
}
