// The Russian strings of conversations, loaded with the pages that show them (see ru.ts).
import { plural } from './ru';

export const conversationsText = {
  title: 'Переписка',
  lead:
    'Переписка руководителей курсов с методистами территорий: по каждому курсу — своя переписка с каждой ' +
    'территорией. Её видят только эти две стороны.',
  new: 'Новая переписка',
  newTitle: 'Новая переписка',
  newLeadStaff: 'Выберите курс вашего подразделения и территорию, методистам которой хотите написать.',
  newLeadMethodist: 'Выберите курс, руководителям которого хотите написать.',
  open: 'Открыть',
  course: 'Курс',
  territory: 'Территория',
  lastMessage: 'Последнее сообщение',
  unread: 'Новые',
  unreadLabel: (n: number) =>
    `${n} ${plural(n, 'непрочитанное сообщение', 'непрочитанных сообщения', 'непрочитанных сообщений')}`,
  you: 'Вы',
  between: (department: string, territory: string) => `${department} — ${territory}`,
  threadTitle: 'Переписка по курсу',
  back: 'Ко всем перепискам',
  messages: 'Сообщения',
  empty: 'Сообщений пока нет. Напишите первым — другая сторона получит уведомление.',
  earlier: 'Показать более ранние сообщения',
  message: 'Сообщение',
  messagePlaceholder: 'Например: сколько заявок от территории уже передано?',
  sendHint: 'Ctrl+Enter — отправить',
  send: 'Отправить',
  readOnly: 'Курс в архиве: переписка по нему доступна только для чтения.',
};
