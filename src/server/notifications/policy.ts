// Who may read what of notifications, as rules of the one mechanism (access/policy.ts). A person's
// notifications are their own (another's does not exist for them: a 404); the outbox of e-mails
// is the operator's; the e-mail settings are each user's own.
import { ANY_ROLE, definePolicy, rule } from '../access/policy.js';

export const notificationsPolicy = definePolicy({
  'notification.markRead': rule<{ userId: number }>(ANY_ROLE, (actor, row) => row.userId === actor.userId, {
    missing: 'Уведомление не найдено',
  }),
  'notification.settings': rule(ANY_ROLE),
  'outbox.view': rule(['operator'], undefined, { denied: 'Почтовые сообщения доступны только оператору' }),
});
