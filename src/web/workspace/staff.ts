// The departments the signed-in user works in (as a manager or head): where they may add programs,
// whether they head a given department (only a head names another responsible manager), and
// whether they see more than one department.
import type { Me } from '../../contract/auth';
import { hasRole } from '../auth/session';

export function staffDepartments(me: Me): { id: string; name: string }[] {
  const out: { id: string; name: string }[] = [];
  for (const r of me.roles)
    if (
      (r.role === 'manager' || r.role === 'head') &&
      r.departmentId &&
      !out.some((d) => d.id === r.departmentId)
    )
      out.push({ id: r.departmentId, name: r.departmentName ?? '' });
  return out;
}

export const isHeadOf = (me: Me, departmentId: string) =>
  me.roles.some((r) => r.role === 'head' && r.departmentId === departmentId);

/** Whether the user sees programs and courses of more than one department (lists then name it). */
export const seesManyDepartments = (me: Me) =>
  hasRole(me, 'operator', 'provider_admin') || staffDepartments(me).length > 1;
