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

/** Error toasts still on screen: a later success takes them away, the problem being solved. */
const errorToasts = new Set<string>();
let errorCount = 0;

function showErrorToast(title: string, message: string) {
  errorCount += 1;
  const id = `error-${errorCount}`;
  errorToasts.add(id);
  notifications.show({
    id,
    color: 'red',
    title,
    message,
    autoClose: 8000,
    onClose: () => errorToasts.delete(id),
  });
}

/** Shows an error as a notification and, for a problem listing fields, under those fields. */
export function showError(error: unknown, form?: FormLike, fieldMap: Record<string, string> = {}) {
  if (error instanceof ApiError) {
    const fields = error.fieldErrors;
    if (form && Object.keys(fields).length > 0) {
      const mapped: Record<string, string> = {};
      for (const [field, message] of Object.entries(fields)) mapped[fieldMap[field] ?? field] = message;
      form.setErrors(mapped);
    }
    showErrorToast(
      error.problem.title,
      error.problem.detail ?? (Object.keys(fields).length ? ru.errors.checkFields : ''),
    );
    return;
  }
  showErrorToast(ru.errors.unexpected, ru.errors.unexpectedDetail);
}

export function showSuccess(title: string, message?: string) {
  for (const id of errorToasts) notifications.hide(id);
  errorToasts.clear();
  notifications.show({ color: 'teal', title, message: message ?? '', autoClose: 5000 });
}

/** Form validation failed on the client: move the focus to the first field that needs attention. */
export function focusFirstInvalid() {
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]');
    field?.focus();
  });
}
