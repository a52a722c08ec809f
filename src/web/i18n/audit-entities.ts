// The Russian strings of audit entities, loaded with the pages that show them (see ru.ts).

export const auditEntitiesText = {
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
} as Record<string, string>;
