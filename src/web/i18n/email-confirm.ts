// The Russian strings of email confirm, loaded with the pages that show them (see ru.ts).

export const emailConfirmText = {
  title: 'Подтверждение адреса',
  checking: 'Проверяем ссылку…',
  done: 'Адрес подтверждён',
  doneText: (email: string) => `Адрес ${email} подтверждён: уведомления будут приходить на него.`,
  failed: 'Адрес не подтверждён',
  toCabinet: 'В кабинет',
  toLogin: 'Войти',
  confirmed: 'подтверждена',
  unconfirmed: 'не подтверждена',
  unconfirmedHint:
    'Пока адрес не подтверждён, уведомления приходят только в личный кабинет. Откройте ссылку из письма, которое мы отправили при регистрации.',
  resend: 'Отправить ещё раз',
  resent: 'Письмо отправлено',
  resentText: (email: string) => `Ссылка для подтверждения отправлена на ${email}.`,
};
