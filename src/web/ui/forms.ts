// Forms: the contract's zod schemas validate @mantine/form values on the client (same rules and
// Russian messages as the server), and a server problem lands on the fields it names.
import { notifications } from '@mantine/notifications';
import { ApiError } from '../api';
import { ru } from '../i18n/ru';

/** Marks an optional field: a note under the input, so inputs in a row stay aligned. */
export const optional = {
  description: ru.common.optional,
  inputWrapperOrder: ['label', 'input', 'description', 'error'] as (
    | 'label'
    | 'input'
    | 'description'
    | 'error'
  )[],
};

type Issue = { path: PropertyKey[]; message: string };
type SafeParser = {
  safeParse: (values: unknown) => { success: true } | { success: false; error: { issues: Issue[] } };
};

/** A `validate` function for useForm: the first message per field path (`roles.0.departmentId`). */
export function zodResolver(schema: SafeParser) {
  return (values: unknown): Record<string, string> => {
    const result = schema.safeParse(values);
    if (result.success) return {};
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const key = issue.path.map(String).join('.');
      if (!(key in errors)) errors[key] = issue.message;
    }
    return errors;
  };
}

type FormLike = { setErrors: (errors: Record<string, string>) => void };

/** Shows an error as a notification and, for a problem listing fields, under those fields. */
export function showError(error: unknown, form?: FormLike, fieldMap: Record<string, string> = {}) {
  if (error instanceof ApiError) {
    const fields = error.fieldErrors;
    if (form && Object.keys(fields).length > 0) {
      const mapped: Record<string, string> = {};
      for (const [field, message] of Object.entries(fields)) mapped[fieldMap[field] ?? field] = message;
      form.setErrors(mapped);
    }
    notifications.show({
      color: 'red',
      title: error.problem.title,
      message: error.problem.detail ?? (Object.keys(fields).length ? ru.errors.checkFields : ''),
      autoClose: 8000,
    });
    return;
  }
  notifications.show({
    color: 'red',
    title: ru.errors.unexpected,
    message: ru.errors.unexpectedDetail,
    autoClose: 8000,
  });
}

export function showSuccess(title: string, message?: string) {
  notifications.show({ color: 'teal', title, message: message ?? '', autoClose: 5000 });
}

/** Form validation failed on the client: move the focus to the first field that needs attention. */
export function focusFirstInvalid() {
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]');
    field?.focus();
  });
}
