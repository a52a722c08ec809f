// The Russian strings of positions, loaded with the pages that show them (see ru.ts).

export const positionsText = {
  title: 'Должности',
  lead: 'Справочник должностей педагогов: из него педагог выбирает должность при регистрации.',
  name: 'Название',
  add: 'Добавить должность',
  createTitle: 'Новая должность',
  editTitle: 'Переименование должности',
  created: 'Должность добавлена',
  updated: 'Должность переименована',
};
