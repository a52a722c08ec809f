// Who may read what of notifications, as rules of the one mechanism (access/policy.ts). A person's
// notifications are their own (another's does not exist for them: a 404); the outbox of e-mails
// is the operator's; the e-mail settings are each user's own.
import { NOTICE_SETTING_KEYS, NOTICE_SETTINGS, type NoticeSettingKey } from '../../contract/notifications.js';
import type { Actor } from '../access/actor.js';
import { ANY_ROLE, definePolicy, rule } from '../access/policy.js';

export const notificationsPolicy = definePolicy({
  'notification.markRead': rule<{ userId: number }>(ANY_ROLE, (actor, row) => row.userId === actor.userId, {
    missing: 'Уведомление не найдено',
  }),
  'notification.settings': rule(ANY_ROLE),
  'outbox.view': rule(['operator'], undefined, { denied: 'Почтовые сообщения доступны только оператору' }),
});

/** The groups of notices that reach a holder of one of the actor's roles: the settings they see. */
export const settingsFor = (actor: Actor): NoticeSettingKey[] => {
  const roles = new Set<string>(actor.grants.map((g) => g.role));
  return NOTICE_SETTING_KEYS.filter((key) => NOTICE_SETTINGS[key].roles.some((role) => roles.has(role)));
};
