// Which notices a user takes by e-mail (contract/notifications.ts NOTICE_SETTINGS): each group
// that concerns one of the user's roles, with the user's choice or its default. Only choices are
// stored (`notification_settings`); a change is one transaction with its audit row.
import {
  NOTICE_SETTINGS,
  type NoticeSettingKey,
  type NotificationSettings,
  type NotificationSettingsUpdate,
} from '../../contract/notifications.js';
import type { Actor, Who } from '../access/actor.js';
import { recordAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import { Invalid } from '../http/errors.js';
import { notificationsPolicy, settingsFor } from './policy.js';

type Signed = Who & { actor: Actor };

const { authorize } = notificationsPolicy;

async function read(db: Database, actor: Actor): Promise<NotificationSettings> {
  const chosen = new Map(
    (
      await db
        .selectFrom('notificationSettings')
        .where('userId', '=', actor.userId)
        .select(['setting', 'email'])
        .execute()
    ).map((r) => [r.setting, r.email]),
  );
  return {
    items: settingsFor(actor).map((key) => ({
      key,
      delivery: NOTICE_SETTINGS[key].email,
      email: chosen.get(key) ?? NOTICE_SETTINGS[key].emailByDefault,
      emailByDefault: NOTICE_SETTINGS[key].emailByDefault,
    })),
  };
}

export function getSettings(ctx: Ctx, who: Signed): Promise<NotificationSettings> {
  authorize(who.actor, 'notification.settings', null);
  return read(ctx.db, who.actor);
}

export async function updateSettings(
  ctx: Ctx,
  who: Signed,
  input: NotificationSettingsUpdate,
): Promise<NotificationSettings> {
  authorize(who.actor, 'notification.settings', null);
  const mine = new Set(settingsFor(who.actor));
  const asked = Object.entries(input.email) as [NoticeSettingKey, boolean][];
  const foreign = asked.filter(([key]) => !mine.has(key));
  if (foreign.length)
    throw new Invalid(
      'Эти уведомления вам не приходят',
      foreign.map(([key]) => ({ field: `email.${key}`, message: 'Уведомления этого вида вам не приходят' })),
    );
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = await read(trx, who.actor);
    const was = new Map(before.items.map((i) => [i.key, i.email]));
    const changed = asked.filter(([key, email]) => was.get(key) !== email);
    if (changed.length) {
      await trx
        .insertInto('notificationSettings')
        .values(
          changed.map(([setting, email]) => ({ userId: who.actor.userId, setting, email, updatedAt: now })),
        )
        .onConflict((oc) =>
          oc.columns(['userId', 'setting']).doUpdateSet((eb) => ({
            email: eb.ref('excluded.email'),
            updatedAt: eb.ref('excluded.updatedAt'),
          })),
        )
        .execute();
      await recordAudit(trx, now, who, {
        action: 'notification.settings_updated',
        entityType: 'user',
        entityId: who.actor.userId,
        // The groups as values: keys of a stored object come back in camel case.
        before: { email: changed.map(([setting]) => ({ setting, email: was.get(setting) })) },
        after: { email: changed.map(([setting, email]) => ({ setting, email })) },
      });
    }
    return read(trx, who.actor);
  });
}
