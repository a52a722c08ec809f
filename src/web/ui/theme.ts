// The Bank's look: a calm blue primary colour, readable sizes, focus rings for keyboard users,
// and Russian accessible names for the controls Mantine labels in English by default.
import { createTheme, type MantineColorsTuple } from '@mantine/core';
import { ru } from '../i18n/ru';

const primary: MantineColorsTuple = [
  '#eef4fb',
  '#dce6f3',
  '#b4cbe6',
  '#89afda',
  '#6596cf',
  '#4f87c9',
  '#427fc7',
  '#336db0',
  '#29609e',
  '#1a538c',
];

const clearButtonProps = { 'aria-label': ru.controls.clear };
const closeButtonProps = { 'aria-label': ru.controls.close };
// Date pickers are configured by name so that @mantine/dates stays out of the first screen's bundle.
const dateInputDefaults = { defaultProps: { clearButtonProps, ariaLabels: ru.controls.calendar } };

export const theme = createTheme({
  primaryColor: 'primary',
  primaryShade: 7,
  colors: { primary },
  focusRing: 'auto',
  defaultRadius: 'sm',
  cursorType: 'pointer',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // Required fields are not starred (a star would become part of the label's text); optional ones
    // say «Необязательно» instead, see ui/forms.ts.
    InputWrapper: { defaultProps: { withAsterisk: false } },
    Badge: { styles: { label: { textTransform: 'none' } } },
    Fieldset: {
      styles: { legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-md)', marginBottom: 4 } },
    },
    Modal: {
      defaultProps: { centered: true, size: 'lg', closeButtonProps },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
    },
    Notification: { defaultProps: { closeButtonProps } },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
    Select: { defaultProps: { clearButtonProps } },
    PasswordInput: {
      defaultProps: { visibilityToggleButtonProps: { 'aria-label': ru.controls.togglePassword } },
    },
    DateInput: dateInputDefaults,
    DatePickerInput: dateInputDefaults,
  },
});
