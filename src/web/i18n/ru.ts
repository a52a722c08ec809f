// Every string the web UI shows is in Russian in src/web/i18n/: here the shell's (the application,
// the common actions, controls and errors, roles, the navigation) and the helpers the sections share;
// each page's section in a file of its own beside it (`<section>.ts`, `<section>Text`), loaded with
// the pages that show it, so that the first screen does not carry every page's words. Components
// never hold UI text of their own.
import { ROLE_LABEL, type RoleName } from '../../contract/auth';
import type { Sex } from '../../contract/profile';

/** Russian plural: 1 запись, 2 записи, 5 записей. */
/**
 * Words about a person that follow their sex («её сеансы», «его сеансы»); `unknown` words it so
 * that it reads right for anyone, the sex being known only from a teacher's profile.
 */
export function bySex(sex: Sex | null | undefined, words: { female: string; male: string; unknown: string }) {
  return sex ? words[sex] : words.unknown;
}

export function plural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

/** The contract's verbs of `actions` as buttons: «отозвать» → «Отозвать». */
export function buttons<A extends string>(
  labels: Record<A, string>,
  actions: readonly A[],
): Record<A, string> {
  return Object.fromEntries(
    actions.map((a) => [a, labels[a].charAt(0).toUpperCase() + labels[a].slice(1)]),
  ) as Record<A, string>;
}

export const roles = ROLE_LABEL;

/** Short forms for badges in dense tables. */
export const rolesShort: Record<RoleName, string> = {
  operator: 'Оператор',
  provider_admin: 'Администратор поставщика',
  head: 'Начальник подразделения',
  manager: 'Руководитель курсов',
  methodist: 'Методист',
  teacher: 'Педагог',
};

export const ru = {
  app: {
    name: 'ЕБППК',
    fullName: 'Единый банк программ повышения квалификации',
    title: 'ЕБППК — Единый банк программ повышения квалификации',
    pageTitle: (page: string) => `${page} — ЕБППК`,
    skipToContent: 'Перейти к содержимому',
    loading: 'Загрузка…',
    menu: 'Меню',
    openMenu: 'Открыть меню',
    closeMenu: 'Закрыть меню',
    mainNavigation: 'Основное меню',
    home: 'На главную',
  },
  actions: {
    login: 'Войти',
    signup: 'Зарегистрироваться',
    logout: 'Выйти',
    create: 'Создать',
    save: 'Сохранить',
    cancel: 'Отмена',
    close: 'Закрыть',
    edit: 'Изменить',
    rename: 'Переименовать',
    add: 'Добавить',
    search: 'Поиск',
    reset: 'Сбросить',
    resetFilters: 'Сбросить фильтры',
    exportXlsx: 'Выгрузить в Excel',
    retry: 'Повторить',
    copy: 'Копировать',
    copied: 'Скопировано',
    open: 'Открыть',
    toCabinet: 'Перейти в кабинет',
  },
  controls: {
    clear: 'Очистить',
    close: 'Закрыть',
    togglePassword: 'Показать введённые символы',
    calendar: {
      monthLevelControl: 'Выбрать месяц',
      yearLevelControl: 'Выбрать год',
      nextMonth: 'Следующий месяц',
      previousMonth: 'Предыдущий месяц',
      nextYear: 'Следующий год',
      previousYear: 'Предыдущий год',
      nextDecade: 'Следующее десятилетие',
      previousDecade: 'Предыдущее десятилетие',
    },
  },
  common: {
    all: 'Все',
    none: '—',
    yes: 'да',
    no: 'нет',
    total: (n: number) => `Всего: ${n}`,
    shown: (from: number, to: number, total: number) => `${from}–${to} из ${total}`,
    empty: 'Ничего не найдено',
    emptyHint: 'Измените условия поиска или сбросьте фильтры.',
    loadError: 'Не удалось загрузить данные',
    pagination: 'Страницы',
    pageControls: {
      next: 'Следующая страница',
      previous: 'Предыдущая страница',
      first: 'Первая страница',
      last: 'Последняя страница',
    },
    pageN: (n: number) => `Страница ${n}`,
    actionsColumn: 'Действия',
    /** A sortable column's button, named so that a screen reader says what it does. */
    sortBy: (column: string) => `Сортировать по столбцу «${column}»`,
    searchPlaceholder: 'Начните вводить…',
    nothingFound: 'Ничего не найдено',
    optional: 'Необязательно',
    saved: 'Сохранено',
    created: 'Создано',
  },
  errors: {
    network: 'Нет связи с сервером',
    networkDetail: 'Проверьте подключение к сети и повторите действие.',
    unexpected: 'Непредвиденная ошибка',
    unexpectedDetail: 'Повторите действие позже. Если ошибка повторяется, сообщите оператору Банка.',
    badResponse: 'Сервер ответил неожиданно',
    notFoundTitle: 'Страница не найдена',
    notFoundText: 'Такой страницы нет или у вас нет к ней доступа.',
    forbiddenTitle: 'Нет доступа',
    forbiddenText: 'Эта страница доступна другим ролям. Если вам нужен доступ, обратитесь к оператору Банка.',
    checkFields: 'Проверьте заполнение полей',
    pageFailed: 'Не удалось открыть страницу',
    pageFailedText:
      'Возможно, Банк обновился. Перезагрузите страницу; если не поможет, сообщите оператору Банка.',
    reload: 'Перезагрузить страницу',
  },
  roles,
  rolesShort,
  nav: {
    teachers: 'Педагоги',
    myJobs: 'Мои задания',
    periodDocuments: 'Документы организации',
    cabinet: 'Кабинет',
    territories: 'Территории',
    organizations: 'Организации',
    providers: 'Поставщики и подразделения',
    positions: 'Должности',
    users: 'Учётные записи',
    audit: 'Журнал аудита',
    provider: 'Поставщик',
    departmentUsers: 'Учётные записи отдела',
    managerCabinet: 'Кабинет отдела',
    methodistCabinet: 'Кабинет методиста',
    teacherCabinet: 'Мой кабинет',
    profile: 'Профиль',
    catalog: 'Каталог курсов',
    programs: 'Программы',
    courses: 'Курсы',
    conversations: 'Переписка',
    notifications: 'Уведомления',
    outbox: 'Почтовые сообщения',
    myApplications: 'Мои заявки',
    methodistBasket: 'Копилка методиста',
    providerBasket: 'Копилка поставщика',
    attendance: 'Посещаемость',
    myCpd: 'Моё повышение квалификации',
    overdueTeachers: 'Педагоги без ПК',
    archive: 'Архив курсов',
    form1pk: 'Форма 1-ПК',
    reports: 'Статистика',
  },
};

export type Messages = typeof ru;
