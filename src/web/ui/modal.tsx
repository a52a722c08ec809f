// A modal that takes the whole screen on a phone, where a centred box leaves no room for a form.
import { Modal, type ModalProps } from '@mantine/core';
import { useMediaQuery, useWindowEvent } from '@mantine/hooks';

export const PHONE_QUERY = '(max-width: 36em)';

/**
 * Whether a dropdown (a date picker, a select's options) is open on the page: shown, not merely
 * mounted (selects keep their hidden dropdowns in the page).
 */
const dropdownOpen = () =>
  [...document.querySelectorAll<HTMLElement>('.mantine-Popover-dropdown')].some(
    (el) => el.dataset.hidden !== 'true' && el.getClientRects().length > 0,
  );

export function AppModal({ closeOnEscape = true, ...props }: ModalProps) {
  const phone = useMediaQuery(PHONE_QUERY) ?? false;
  // Escape closes what is on top: an open date picker first (Mantine's own handler would close the
  // modal with it, the picker not marking its key as handled), the modal only after.
  useWindowEvent('keydown', (event) => {
    if (event.key !== 'Escape' || event.isComposing || !props.opened || !closeOnEscape) return;
    if (!dropdownOpen()) props.onClose();
  });
  return <Modal fullScreen={phone} {...props} closeOnEscape={false} />;
}
