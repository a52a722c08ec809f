// How values are shown: dates DD.MM.YYYY (instants with HH:mm, in the browser's time zone),
// roles with the names of their scopes.
import dayjs from 'dayjs';
import type { RoleGrant } from '../../contract/auth';
import { ru } from '../i18n/ru';

export const DATE_FORMAT = 'DD.MM.YYYY';
export const DATE_TIME_FORMAT = 'DD.MM.YYYY HH:mm';

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

/**
 * What a user types into a date field, `ДД.ММ.ГГГГ` (or `ГГГГ-ММ-ДД`), as `YYYY-MM-DD`; null when
 * it is not a real date. (dayjs without plugins would read `01.03.2024` as 3 January.)
 */
export function parseRuDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  let y: number;
  let mo: number;
  let d: number;
  if (m) {
    d = Number(m[1]);
    mo = Number(m[2]);
    y = Number(m[3]);
  } else {
    m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    if (!m) return null;
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
