// What of a directory row leaves the server: ids as strings and the actor's abilities, so the UI
// shows exactly the buttons the server would accept.
import type {
  Department,
  Organization,
  Position,
  Provider,
  Territory,
  TerritoryKind,
} from '../../contract/directory.js';
import type { Actor } from '../access/actor.js';
import { directoryPolicy } from './policy.js';

const { can } = directoryPolicy;

import type { DepartmentView, OrganizationView, ProviderView } from './queries.js';

type MaybeActor = Actor | null;

export function presentTerritory(
  row: { id: number; name: string; kind: string },
  actor: MaybeActor,
): Territory {
  return {
    id: String(row.id),
    name: row.name,
    // The column's CHECK constraint admits exactly these kinds.
    kind: row.kind as TerritoryKind,
    abilities: { update: can(actor, 'territory.update', row) },
  };
}

export function presentOrganization(row: OrganizationView, actor: MaybeActor): Organization {
  return {
    id: String(row.id),
    territoryId: String(row.territoryId),
    territoryName: row.territoryName,
    name: row.name,
    shortName: row.shortName,
    inn: row.inn,
    abilities: { update: can(actor, 'organization.update', row) },
  };
}

export function presentProvider(row: ProviderView, actor: MaybeActor): Provider {
  return {
    id: String(row.id),
    name: row.name,
    shortName: row.shortName,
    licenseNumber: row.licenseNumber,
    licenseDate: row.licenseDate,
    address: row.address,
    numberTemplate: row.numberTemplate,
    blankSeries: row.blankSeries,
    signatories: row.signatories,
    inn: row.inn,
    ogrn: row.ogrn,
    city: row.city,
    abilities: {
      update: can(actor, 'provider.update', row),
      createDepartment: can(actor, 'department.create', { providerId: row.id }),
    },
  };
}

export function presentDepartment(row: DepartmentView, actor: MaybeActor): Department {
  return {
    id: String(row.id),
    providerId: String(row.providerId),
    providerName: row.providerName,
    name: row.name,
    code: row.code,
    abilities: { update: can(actor, 'department.update', row) },
  };
}

export function presentPosition(row: { id: number; name: string }, actor: MaybeActor): Position {
  return { id: String(row.id), name: row.name, abilities: { update: can(actor, 'position.update', row) } };
}

export function presentPage<Row, Item>(
  page: { items: Row[]; total: number },
  actor: MaybeActor,
  present: (row: Row, actor: MaybeActor) => Item,
) {
  return { items: page.items.map((row) => present(row, actor)), total: page.total };
}
