// The Russian strings of territory kinds, loaded with the pages that show them (see ru.ts).

export const territoryKindsText = {
  municipal_okrug: 'Муниципальный округ',
  city_okrug: 'Городской округ',
  closed_city: 'ЗАТО',
  municipal_district: 'Муниципальный район',
} as Record<string, string>;
