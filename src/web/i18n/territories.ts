// The Russian strings of territories, loaded with the pages that show them (see ru.ts).
import { plural } from './ru';

export const territoriesText = {
  title: 'Территории',
  lead: 'Муниципальные образования края. Педагоги и методисты относятся к территориям.',
  name: 'Название',
  kind: 'Вид',
  createTitle: 'Новая территория',
  editTitle: 'Изменение территории',
  add: 'Добавить территорию',
  created: 'Территория добавлена',
  updated: 'Территория изменена',
  count: (n: number) => `${n} ${plural(n, 'территория', 'территории', 'территорий')}`,
};
