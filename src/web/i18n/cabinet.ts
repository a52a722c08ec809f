// The Russian strings of cabinet, loaded with the pages that show them (see ru.ts).
import type { RoleName } from '../../contract/auth';
import { plural } from './ru';

export const cabinetText = {
  overdueSummary: (overdue: number, due: number) =>
    `Три года после последнего повышения квалификации прошли у ${overdue} ${plural(overdue, 'педагога', 'педагогов', 'педагогов')}, подходят — у ${due}.`,
  title: 'Кабинет',
  greeting: (name: string) => `Здравствуйте, ${name}!`,
  lead: 'Здесь собраны разделы Банка для каждой вашей роли.',
  cards: {
    operator: 'Кабинет оператора',
    provider_admin: 'Кабинет администратора поставщика',
    head: 'Кабинет начальника подразделения',
    manager: 'Кабинет руководителя курсов',
    methodist: 'Кабинет методиста',
    teacher: 'Кабинет педагога',
  } satisfies Record<RoleName, string>,
  scope: {
    territory: 'Территория',
    provider: 'Поставщик',
    department: 'Подразделение',
    region: 'Весь край',
  },
  describe: {
    operator: 'Общее управление Банком: справочники, поставщики, учётные записи и журнал аудита.',
    provider_admin:
      'Карточка поставщика, его подразделения и учётные записи их начальников и руководителей курсов.',
    head: 'Учётные записи руководителей курсов вашего подразделения: создание, блокировка, сброс пароля.',
    manager: 'Работа подразделения с Банком: публикация курсов, заявки, группы и документы.',
    methodist: 'Поддержка повышения квалификации педагогов вашей территории.',
    teacher: 'Ваши заявки на курсы и история повышения квалификации.',
  } satisfies Record<RoleName, string>,
  links: {
    territories: 'Территории',
    organizations: 'Организации',
    providers: 'Поставщики и подразделения',
    positions: 'Должности',
    users: 'Учётные записи',
    audit: 'Журнал аудита',
    providerCard: 'Карточка поставщика и подразделения',
    departmentUsers: 'Учётные записи руководителей курсов',
    catalog: 'Каталог курсов',
    profile: 'Профиль и смена пароля',
    programs: 'Программы (ДПП)',
    courses: 'Курсы и их расписание',
    providerBasket: 'Копилка поставщика: заявки на курсы',
    methodistBasket: 'Копилка методиста: заявки педагогов территории',
    myApplications: 'Мои заявки',
    conversations: 'Переписка по курсам',
    myCpd: 'Моё повышение квалификации',
    overdueTeachers: 'Педагоги без повышения квалификации',
    attendance: 'Посещаемость слушателей территории',
    archive: 'Архив курсов',
    form1pk: 'Форма 1-ПК для Минобрнауки',
  },
};
