// The Russian strings of organizations, loaded with the pages that show them (see ru.ts).

export const organizationsText = {
  title: 'Организации',
  lead: 'Образовательные организации территорий: в них работают педагоги.',
  name: 'Название',
  shortName: 'Краткое название',
  inn: 'ИНН',
  innDescription: '10 или 12 цифр, необязательно',
  territory: 'Территория',
  allTerritories: 'Все территории',
  createTitle: 'Новая организация',
  editTitle: 'Изменение организации',
  add: 'Добавить организацию',
  created: 'Организация добавлена',
  updated: 'Организация изменена',
};
