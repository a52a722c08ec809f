// The Russian strings of outbox, loaded with the pages that show them (see ru.ts).

export const outboxText = {
  title: 'Почтовые сообщения',
  lead: 'Письма, которые Банк отправляет пользователям вместе с уведомлениями: кому, о чём, когда и удалось ли отправить.',
  smtpOff: 'Отправка почты не настроена',
  smtpOffText:
    'Адрес почтового сервера (SMTP_URL) не задан: письма сохраняются здесь и не отправляются. Как подключить почтовый сервер, описано в руководстве по развёртыванию.',
  status: 'Состояние',
  statusAny: 'Любое',
  statuses: {
    pending: 'Ожидает отправки',
    retrying: 'Ошибка, будет повтор',
    sent: 'Отправлено',
    failed: 'Не отправлено',
  } as Record<string, string>,
  stored: 'Сохранено, не отправлялось',
  search: 'Поиск',
  searchHint: 'Адрес или тема письма',
  createdAt: 'Создано',
  to: 'Кому',
  subject: 'Тема',
  sentAt: 'Отправлено',
  attempts: 'Попыток',
  text: 'Текст письма',
  showText: 'Показать письмо',
  hideText: 'Скрыть письмо',
  lastError: 'Последняя ошибка',
  nextAttempt: (at: string) => `Следующая попытка: ${at}`,
};
