// The Russian strings of profile, loaded with the pages that show them (see ru.ts).
import { SEX_LABELS } from '../../contract/profile';

export const profileText = {
  title: 'Профиль',
  names: 'ФИО',
  login: 'Логин',
  email: 'Электронная почта',
  roles: 'Роли',
  noEmail: 'не указана',
  changePasswordTitle: 'Смена пароля',
  changePasswordLead: 'После смены пароля другие ваши сеансы завершатся.',
  teacher: {
    title: 'Данные для документов об обучении',
    lead:
      'Поставщик указывает их в удостоверении и передаёт в ФИС ФРДО. Подать заявку на курс можно и без них, ' +
      'но удостоверение выдадут только после заполнения.',
    missingTitle: (fields: string[]) => `Для документов об обучении не хватает: ${fields.join(', ')}`,
    missingText: 'Заполните эти поля и сохраните профиль.',
    territoryMove: (territory: string) =>
      `Вы выбираете организацию другой территории. Поданные заявки останутся у методиста прежней территории (${territory}) — ` +
      'он продолжит работать с ними; новые заявки попадут к методисту новой территории. Методисты обеих территорий получат уведомление.',
    complete: 'Данные для документов заполнены',
    completeText: 'Проверьте, что они совпадают с паспортом, СНИЛС и дипломом.',
    fields: {
      birthDate: 'Дата рождения',
      sex: 'Пол',
      snils: 'СНИЛС',
      educationLevel: 'Уровень образования',
      diplomaSurname: 'Фамилия в дипломе',
      diplomaSeries: 'Серия диплома',
      diplomaNumber: 'Номер диплома',
    },
    /** What is missing, in the genitive: «не хватает: даты рождения, СНИЛС». */
    missingNames: {
      birthDate: 'даты рождения',
      sex: 'пола',
      snils: 'СНИЛС',
      educationLevel: 'уровня образования',
      diplomaSurname: 'фамилии в дипломе',
      diplomaSeries: 'серии диплома',
      diplomaNumber: 'номера диплома',
    },
    sexes: SEX_LABELS,
    educationLevels: {
      higher: 'Высшее образование',
      secondary_vocational: 'Среднее профессиональное образование',
      higher_in_progress: 'Получаю высшее образование',
      secondary_vocational_in_progress: 'Получаю среднее профессиональное образование',
    },
    personalSection: 'Личные данные',
    educationSection: 'Образование',
    datePlaceholder: 'ДД.ММ.ГГГГ',
    snilsDescription: '11 цифр, проверяется контрольное число',
    educationDescription: 'Документ о высшем или среднем профессиональном образовании',
    diplomaSurnameDescription: 'Как в дипломе, если фамилия менялась',
    noDiplomaYet: 'Пока образование не получено, данные диплома не нужны.',
    saved: 'Профиль сохранён',
  },
};
