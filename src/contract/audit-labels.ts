// The audit log in Russian: the names of its actions, records and fields, and a change's values as
// a reader would write them. One source for the operator's page and the log's spreadsheet.
import { APPLICATION_STATUS_LABEL } from './applications.js';
import { ROLE_LABEL } from './auth.js';
import { COURSE_STATUS_LABEL, PROGRAM_KIND_LABEL } from './catalog.js';
import { ruDate } from './common.js';
import { SEX_LABELS } from './profile.js';
import { FORM_LABEL } from './reports.js';

export const AUDIT_ACTION_LABEL: Record<string, string> = {
  'auth.login': 'Вход',
  'auth.login_failed': 'Неудачная попытка входа',
  'auth.logout': 'Выход',
  'auth.signup': 'Регистрация педагога',
  'auth.password_changed': 'Смена пароля',
  'auth.password_change_failed': 'Смена пароля: неверный текущий пароль',
  'auth.signup_known_email': 'Регистрация с уже известным адресом (владельцу отправлено письмо)',
  'auth.recovery_requested': 'Запрос восстановления пароля',
  'auth.password_recovered': 'Пароль восстановлен по ссылке из письма',
  'auth.email_confirmed': 'Адрес электронной почты подтверждён',
  'auth.email_confirmation_sent': 'Ссылка для подтверждения адреса отправлена ещё раз',
  'user.created': 'Создана учётная запись',
  'user.updated': 'Изменена учётная запись',
  'user.roles_changed': 'Изменены роли',
  'user.password_reset': 'Сброшен пароль',
  'user.blocked': 'Учётная запись заблокирована',
  'user.unblocked': 'Учётная запись разблокирована',
  'territory.created': 'Добавлена территория',
  'territory.updated': 'Изменена территория',
  'organization.created': 'Добавлена организация',
  'organization.updated': 'Изменена организация',
  'provider.created': 'Добавлен поставщик',
  'provider.updated': 'Изменена карточка поставщика',
  'department.created': 'Добавлено подразделение',
  'department.updated': 'Изменено подразделение',
  'position.created': 'Добавлена должность',
  'position.updated': 'Изменена должность',
  'program.created': 'Добавлена программа',
  'program.updated': 'Изменена программа',
  'program.file_added': 'Прикреплён файл программы',
  'program.file_deleted': 'Удалён файл программы',
  'course.created': 'Создан курс',
  'course.updated': 'Изменён курс',
  'course.quotas_set': 'Изменены квоты курса',
  'course.manager_assigned': 'Назначен руководитель курса',
  'course.published': 'Курс опубликован',
  'course.closed': 'Закрыт приём заявок',
  'course.cancelled': 'Курс отменён',
  'course.archived': 'Курс перенесён в архив',
  'cpd.external_added': 'Добавлен курс, пройденный до Банка',
  'cpd.external_removed': 'Удалён курс, пройденный до Банка',
  'cpd.overdue_exported': 'Выгружен список педагогов без ПК',
  'application.exported': 'Выгружен список заявок',
  'course.exported': 'Выгружен список курсов',
  'audit.exported': 'Выгружен журнал аудита',
  'course.started': 'Начато обучение',
  'course.finished': 'Обучение завершено',
  'course.file_added': 'Прикреплён файл курса',
  'course.file_deleted': 'Удалён файл курса',
  'system.demo_seeded': 'Загружены демонстрационные данные',
  'profile.updated': 'Изменён профиль педагога',
  'conversation.message_posted': 'Сообщение в переписке',
  'conversation.read': 'Переписка прочитана',
  'notification.read': 'Уведомление прочитано',
  'notification.read_all': 'Все уведомления отмечены прочитанными',
  'application.apply': 'Подана заявка на курс',
  'application.forward': 'Заявка передана поставщику',
  'application.reject': 'Заявка отклонена методистом',
  'application.recall': 'Заявка возвращена в копилку методиста',
  'application.withdraw': 'Заявка отозвана',
  'application.decline': 'Отказ поставщика по заявке',
  'application.promote': 'Заявка переведена из резерва',
  'application.complete': 'Отмечено окончание обучения',
  'application.fail': 'Слушатель отчислен',
  'application.cancel': 'Заявка закрыта из-за отмены курса',
  'application.enrol': 'Слушатель зачислен в группу',
  'application.no_show': 'Отмечена неявка',
  'application.start': 'Заявка закрыта: курс начался',
  'group.formed': 'Сформирована группа',
  'group.renumbered': 'Изменён номер группы',
  'attendance.marked': 'Отмечена посещаемость',
  'attendance.confirmed': 'Подтверждена посещаемость дня',
  'attendance.exported': 'Выгружена посещаемость слушателей',
  'certificate.issued': 'Выдан документ об обучении',
  'certificate.revoked': 'Документ об обучении аннулирован',
  'certificate.reissued': 'Документ об обучении переоформлен',
  'certificate.exported': 'Выгружен список с персональными данными',
  'certificate.verify_unknown': 'Проверка несуществующего номера документа',
};

export const AUDIT_ENTITY_LABEL: Record<string, string> = {
  user: 'Учётная запись',
  session: 'Сеанс',
  territory: 'Территория',
  organization: 'Организация',
  provider: 'Поставщик',
  department: 'Подразделение',
  position: 'Должность',
  program: 'Программа',
  course: 'Курс',
  database: 'База данных',
  conversation: 'Переписка',
  notification: 'Уведомление',
  application: 'Заявка',
  study_group: 'Группа обучающихся',
  attendance: 'Посещаемость',
  teacher: 'Педагог',
  certificate: 'Документ об обучении',
};

export const AUDIT_FIELD_LABEL: Record<string, string> = {
  name: 'Название',
  kind: 'Вид',
  shortName: 'Краткое название',
  inn: 'ИНН',
  territoryId: 'Территория',
  providerId: 'Поставщик',
  departmentId: 'Подразделение',
  organizationId: 'Организация',
  licenseNumber: 'Номер лицензии',
  licenseDate: 'Дата лицензии',
  address: 'Адрес',
  login: 'Логин',
  lastName: 'Фамилия',
  firstName: 'Имя',
  middleName: 'Отчество',
  email: 'Электронная почта',
  roles: 'Роли',
  blocked: 'Заблокирована',
  blockedAt: 'Заблокирована',
  mustChangePassword: 'Требуется смена пароля',
  position: 'Должность',
  subject: 'Предмет',
  reason: 'Причина',
  birthDate: 'Дата рождения',
  sex: 'Пол',
  snils: 'СНИЛС',
  educationLevel: 'Уровень образования',
  diplomaSurname: 'Фамилия в дипломе',
  diplomaSeries: 'Серия диплома',
  diplomaNumber: 'Номер диплома',
  courseId: 'Курс',
  messageId: 'Сообщение',
  body: 'Текст',
  lastReadMessageId: 'Прочитано до сообщения',
  readAt: 'Прочитано',
  count: 'Количество',
  number: 'Номер',
  applicationIds: 'Заявки',
  noShow: 'Неявка',
  withdrawn: 'Закрыты: курс начался',
  numberTemplate: 'Шаблон номера',
  blankSeries: 'Серия бланков',
  signatories: 'Подписи',
  ogrn: 'ОГРН',
  city: 'Город',
  status: 'Состояние',
  from: 'Из состояния',
  to: 'В состояние',
  title: 'Название',
  annotation: 'Аннотация',
  hours: 'Часы',
  form: 'Форма обучения',
  distance: 'Дистанционно',
  subjects: 'Предметы',
  plannedResults: 'Планируемые результаты',
  targetPositionIds: 'Целевые должности',
  programId: 'Программа',
  startsOn: 'Начало курса',
  endsOn: 'Окончание курса',
  applyUntil: 'Приём заявок до',
  capacity: 'Мест',
  places: 'Мест',
  place: 'Место проведения',
  distanceUrl: 'Ссылка на занятие',
  quotaReleaseOn: 'Квоты становятся общими',
  quotas: 'Квоты',
  schedule: 'Расписание',
  managerId: 'Руководитель курса',
  teacherId: 'Педагог',
  filters: 'Фильтры',
  rows: 'Строк',
};

/** Codes shown in the words the rest of the Bank uses: states, a program's form and kind, a sex. */
const VALUE_LABELS: Record<string, (entityType: string) => Record<string, string> | undefined> = {
  status: (type) => STATE_LABELS[type],
  from: (type) => STATE_LABELS[type],
  to: (type) => STATE_LABELS[type],
  form: () => FORM_LABEL,
  kind: (type) => (type === 'program' ? PROGRAM_KIND_LABEL : undefined),
  sex: () => SEX_LABELS,
};
const STATE_LABELS: Record<string, Record<string, string>> = {
  course: COURSE_STATUS_LABEL,
  application: APPLICATION_STATUS_LABEL,
};

/** Names of the records a change refers to by number, by the field that holds the number. */
export type AuditNames = Partial<
  Record<'territoryId' | 'providerId' | 'departmentId', ReadonlyMap<string, string>>
>;

const AUDIT_NONE = '—';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Lists of records' numbers (applications of a group, those it ended, a program's positions). */
const isIdList = (key: string) => key.endsWith('Ids') || key === 'noShow' || key === 'withdrawn';
/** A long list (a group of 200) shows its first numbers and how many more. */
const LIST_SHOWN = 20;
const numbers = (list: string) => `№ ${list}`;

/** A record by its name when it is known, by its number otherwise. */
function recordRef(key: string, id: unknown, names: AuditNames): string {
  return names[key as keyof AuditNames]?.get(String(id)) ?? numbers(String(id));
}

/** `{role: 'manager', departmentId: 2}` → «Руководитель курсов (Кафедра педагогики)». */
function roleText(item: unknown, names: AuditNames): string {
  if (typeof item === 'string') return ROLE_LABEL[item as keyof typeof ROLE_LABEL] ?? item;
  const r = (item ?? {}) as Record<string, unknown>;
  const name = ROLE_LABEL[r.role as keyof typeof ROLE_LABEL] ?? String(r.role ?? '');
  const key = (['territoryId', 'providerId', 'departmentId'] as const).find((k) => r[k] !== undefined);
  if (!key) return name;
  const known = names[key]?.get(String(r[key]));
  return `${name} (${known ?? `${(AUDIT_FIELD_LABEL[key] ?? '').toLowerCase()} № ${String(r[key])}`})`;
}

/** A schedule as a reader would write it: «14.12.2026 10:00–13:30 Тема; …». */
function scheduleText(days: unknown[]): string {
  return days
    .map((d) => {
      const day = (d ?? {}) as { date?: string; startsAt?: string; endsAt?: string; topic?: string };
      return `${ruDate(day.date)} ${day.startsAt ?? ''}–${day.endsAt ?? ''} ${day.topic ?? ''}`.trim();
    })
    .join('; ');
}

/**
 * A value of a change as a reader would write it: codes in words, dates as ДД.ММ.ГГГГ, lists of
 * numbers as «№ 12, 13», records inside a change by their fields' names, no JSON.
 */
export function auditValueText(
  value: unknown,
  key?: string,
  entityType = '',
  names: AuditNames = {},
): string {
  if (value === null || value === undefined || value === '') return AUDIT_NONE;
  if (key === 'roles' && Array.isArray(value)) return value.map((r) => roleText(r, names)).join('; ');
  if (key === 'schedule' && Array.isArray(value)) return value.length ? scheduleText(value) : AUDIT_NONE;
  if (key === 'signatories' && Array.isArray(value))
    return (value as { position?: string; name?: string }[])
      .map((p) => `${p.position ?? ''} ${p.name ?? ''}`.trim())
      .join('; ');
  if (Array.isArray(value)) {
    if (value.length === 0) return AUDIT_NONE;
    const ids = key !== undefined && isIdList(key);
    const shown = value
      .slice(0, LIST_SHOWN)
      .map((item) => (ids ? String(item) : auditValueText(item, undefined, entityType, names)));
    const text = ids ? numbers(shown.join(', ')) : shown.join('; ');
    return value.length > LIST_SHOWN ? `${text} и ещё ${value.length - LIST_SHOWN}` : text;
  }
  if (typeof value === 'object') {
    // A record inside a change (a quota, a filter): its fields by their names, whose it is first
    // (the database keeps a record's keys shortest first).
    return Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => Number(b.endsWith('Id')) - Number(a.endsWith('Id')))
      .map(([k, v]) => `${auditFieldLabel(k)}: ${auditValueText(v, k, entityType, names)}`)
      .join(', ');
  }
  if (key && typeof value === 'string') {
    const label = VALUE_LABELS[key]?.(entityType)?.[value];
    if (label) return label;
    if (ISO_DATE.test(value)) return ruDate(value);
  }
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  // A record inside a record: «Территория: Кочёвский муниципальный округ», or «№ 3» if unknown.
  if (key?.endsWith('Id') && (typeof value === 'number' || typeof value === 'string'))
    return recordRef(key, value, names);
  return String(value);
}

export const auditActionLabel = (code: string) => AUDIT_ACTION_LABEL[code] ?? code;
export const auditEntityLabel = (type: string) => AUDIT_ENTITY_LABEL[type] ?? type;
export const auditFieldLabel = (key: string) => AUDIT_FIELD_LABEL[key] ?? key;

/** A whole side of a change in one cell: «Поле: значение» a line, or the value itself. */
export function auditSideText(side: unknown, entityType: string, names: AuditNames = {}): string {
  if (side === null || side === undefined) return '';
  if (typeof side !== 'object' || Array.isArray(side))
    return auditValueText(side, undefined, entityType, names);
  return Object.entries(side as Record<string, unknown>)
    .map(([k, v]) => `${auditFieldLabel(k)}: ${auditValueText(v, k, entityType, names)}`)
    .join('\n');
}
