// The Bank's look: a calm blue primary colour, readable sizes, focus rings for keyboard users,
// text that keeps WCAG AA contrast (4.5:1), and Russian accessible names for the controls Mantine
// labels in English by default.
import {
  type CSSVariablesResolver,
  createTheme,
  darken,
  luminance,
  type MantineColorsTuple,
} from '@mantine/core';
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
    // A badge's words are never cut («Окончил(а) об…»): its label takes the width of its text, so a
    // table gives the column room for it (an ellipsis let the table squeeze it).
    Badge: { styles: { label: { textTransform: 'none', overflow: 'visible' } } },
    Fieldset: {
      styles: { legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-md)', marginBottom: 4 } },
    },
    Modal: {
      defaultProps: { centered: true, size: 'lg', closeButtonProps },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
    },
    // A titled notification's text is gray.6 in Mantine's stylesheet; the readable dimmed instead.
    Notification: {
      defaultProps: { closeButtonProps },
      styles: (_theme: unknown, props: { title?: unknown }) =>
        props.title ? { description: { color: 'var(--mantine-color-dimmed)' } } : {},
    },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
    // A table wider than the screen (a phone) shows its scrollbar, not only under a mouse's hover.
    TableScrollContainer: { defaultProps: { scrollAreaProps: { type: 'auto' } } },
    Select: { defaultProps: { clearButtonProps } },
    PasswordInput: {
      defaultProps: { visibilityToggleButtonProps: { 'aria-label': ru.controls.togglePassword } },
    },
    DateInput: dateInputDefaults,
    DatePickerInput: dateInputDefaults,
  },
});

const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** `color`, darkened just enough to read at 4.5:1 (with a margin) on each of `backgrounds`. */
export function readable(color: string, ...backgrounds: string[]): string {
  for (let step = 0; step <= 20; step++) {
    const candidate = step === 0 ? color : darken(color, step * 0.05);
    if (backgrounds.every((bg) => contrast(candidate, bg) >= 4.6)) return candidate;
  }
  return '#000';
}

/**
 * Mantine's light scheme draws secondary text (`c="dimmed"`, field descriptions, placeholders),
 * errors, white text on filled colours, and the text of light and outline badges, alerts and buttons
 * in shades that read at about 3:1 (gray.6 on white, green.9 on green.1, white on red.7…). Each is darkened here, once for
 * every page, until it reads at 4.5:1 on white and on the light backgrounds it sits on.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const white = t.white;
  const gray = t.colors.gray;
  const light: Record<string, string> = {
    // Also on the primary tint of a message bubble or an active navigation item.
    '--mantine-color-dimmed': readable(
      gray[6],
      white,
      gray[0],
      gray[1],
      t.colors[t.primaryColor]?.[1] ?? white,
    ),
    '--mantine-color-placeholder': readable(gray[6], white, gray[0]),
    '--mantine-color-error': readable(t.colors.red[7], white),
  };
  for (const [name, shades] of Object.entries(t.colors)) {
    const filled = readable(shades[7], white);
    light[`--mantine-color-${name}-filled`] = filled;
    light[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.1);
    const text = readable(shades[7], white, shades[0]);
    light[`--mantine-color-${name}-text`] = text;
    light[`--mantine-color-${name}-outline`] = text;
    light[`--mantine-color-${name}-light-color`] = readable(shades[9], white, shades[1], shades[2]);
  }
  return { variables: {}, light, dark: {} };
};
