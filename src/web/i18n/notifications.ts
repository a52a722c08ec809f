// The Russian strings of notifications, loaded with the pages that show them (see ru.ts).
import type { NoticeSettingKey } from '../../contract/notifications';
import { plural } from './ru';

export const notificationsText = {
  title: 'Уведомления',
  lead: 'Сообщения Банка о ваших заявках, курсах и других событиях, которые вас касаются. Они приходят и на электронную почту, если она указана в вашей учётной записи.',
  bell: (unread: number) =>
    unread === 0
      ? 'Уведомления: новых нет'
      : `Уведомления: ${unread} ${plural(unread, 'новое', 'новых', 'новых')}`,
  latest: 'Последние уведомления',
  none: 'Уведомлений пока нет',
  noneHint: 'Здесь появятся сообщения о ваших заявках и курсах.',
  noneUnread: 'Непрочитанных уведомлений нет',
  markAllRead: 'Отметить все прочитанными',
  markRead: 'Отметить прочитанным',
  allRead: 'Все уведомления отмечены прочитанными',
  showAll: 'Все уведомления',
  open: 'Открыть',
  unread: 'Новое',
  unreadCount: (n: number) => `Непрочитанных: ${n}`,
  filter: 'Показать',
  filterAll: 'Все',
  filterUnread: 'Непрочитанные',
  settings: {
    title: 'Уведомления',
    lead: 'В Банке уведомления приходят всегда. Отметьте, какие из них присылать и на электронную почту.',
    noEmail: 'Письма приходят только на подтверждённый адрес электронной почты.',
    none: 'Для ваших ролей нет уведомлений, которые можно получать по почте.',
    digest: 'одно письмо в день со списком',
    save: 'Сохранить настройки уведомлений',
    saved: 'Настройки уведомлений сохранены',
    labels: {
      'teacher.applications': 'Изменения моих заявок на курсы и выданные мне документы',
      'methodist.new_application': 'Новые заявки педагогов моей территории',
      'methodist.provider_decision': 'Поставщик отклонил заявку или перевёл её из резерва',
      'methodist.teacher_moved': 'Педагог перешёл в организацию другой территории',
      'manager.forwarded': 'Заявки, переданные на мои курсы',
      'manager.places': 'Места на курсе заканчиваются (занято 90 %) и заняты полностью',
      'manager.left': 'Заявку на мой курс отозвали или вернули методисту',
      'conversation.messages': 'Новые сообщения в переписке по курсу',
    } satisfies Record<NoticeSettingKey, string>,
  },
};
