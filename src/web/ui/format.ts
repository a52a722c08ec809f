// How values are shown: dates DD.MM.YYYY (instants with HH:mm, in the browser's time zone),
// roles with the names of their scopes.
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import type { RoleGrant } from '../../contract/auth';
import { ru } from '../i18n/ru';

export const DATE_FORMAT = 'DD.MM.YYYY';
export const DATE_TIME_FORMAT = 'DD.MM.YYYY HH:mm';

dayjs.extend(customParseFormat);
const SEPARATORS = ['.', '/', '-'];

/** `2024-03-01` or an ISO instant → `01.03.2024`; empty for nothing. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format(DATE_FORMAT) : value;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format(DATE_TIME_FORMAT) : value;
}

/** The name of the territory, provider or department a role acts in, if it has one. */
export function scopeName(grant: RoleGrant): string | null {
  switch (grant.role) {
    case 'methodist':
      return grant.territoryName ?? null;
    case 'provider_admin':
      return grant.providerName ?? null;
    case 'head':
    case 'manager':
      return grant.departmentName ?? null;
    case 'operator':
    case 'teacher':
      return null;
  }
}

export function grantLabel(grant: RoleGrant, short = false): string {
  const name = (short ? ru.rolesShort : ru.roles)[grant.role];
  const scope = scopeName(grant);
  return scope ? `${name} · ${scope}` : name;
}

/** How a date may be typed: day and month of one or two digits, `.`, `/` or `-` between the parts. */
const TYPED_FORMATS = ['D', 'DD']
  .flatMap((d) => ['M', 'MM'].map((m) => [d, m]))
  .flatMap(([d, m]) => SEPARATORS.flatMap((a) => SEPARATORS.map((b) => `${d}${a}${m}${b}YYYY`)))
  .concat('YYYY-MM-DD');

/**
 * What a user types into a date field, `ДД.ММ.ГГГГ` (or `ГГГГ-ММ-ДД`), as `YYYY-MM-DD`; null when
 * it is not a real date (read strictly: 31.02.2024 is no date, not 2 March).
 */
export function parseRuDate(text: string): string | null {
  const date = dayjs(text.trim(), TYPED_FORMATS, true);
  return date.isValid() ? date.format('YYYY-MM-DD') : null;
}
