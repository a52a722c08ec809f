// Server-side sessions: the cookie holds a random token, the database its SHA-256, so any server
// process serves any user and a stolen database row cannot be replayed as a cookie.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Actor, Grant, RequestMeta } from '../access/actor.js';
import type { DB } from '../db/schema.js';

export const SESSION_COOKIE = 'ebppk_session';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(
  db: Kysely<DB> | Transaction<DB>,
  userId: number,
  now: Date,
  ttlHours: number,
  meta: RequestMeta,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
  await db
    .insertInto('sessions')
    .values({
      id: digest(token),
      userId,
      csrfToken,
      createdAt: now,
      expiresAt,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/**
 * The actor behind a session token, or null when the session is unknown, expired, revoked or the
 * account blocked. Every signed-in request asks this first, so it is one plain statement: written
 * as SQL, it costs nothing to build, and its prepared plan is reused.
 */
export async function actorFromToken(db: Kysely<DB>, token: string, now: Date): Promise<Actor | null> {
  if (token.length > 100) return null;
  const { rows } = await sql<Omit<Actor, 'grants'> & { grants: Grant[] | string }>`
    SELECT s.id AS session_id, s.csrf_token, u.id AS user_id, u.login, u.must_change_password,
           coalesce((SELECT json_agg(json_build_object(
                               'role', r.role, 'territoryId', r.territory_id, 'departmentId', r.department_id,
                               'providerId', coalesce(r.provider_id, d.provider_id)) ORDER BY r.id)
                       FROM user_roles r LEFT JOIN departments d ON d.id = r.department_id
                      WHERE r.user_id = u.id), '[]'::json) AS grants
      FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id = ${digest(token)} AND s.revoked_at IS NULL AND s.expires_at > ${now}
       AND u.blocked_at IS NULL`.execute(db);
  const row = rows[0];
  if (!row) return null;
  return {
    userId: row.userId,
    login: row.login,
    mustChangePassword: row.mustChangePassword,
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
    grants: typeof row.grants === 'string' ? JSON.parse(row.grants) : row.grants,
  };
}

export async function revokeSession(db: Kysely<DB> | Transaction<DB>, sessionId: string, now: Date) {
  await db
    .updateTable('sessions')
    .set({ revokedAt: now })
    .where('id', '=', sessionId)
    .where('revokedAt', 'is', null)
    .execute();
}

/** Ends every open session of a user: on password change, reset and blocking. */
export async function revokeUserSessions(db: Kysely<DB> | Transaction<DB>, userId: number, now: Date) {
  await db
    .updateTable('sessions')
    .set({ revokedAt: now })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .execute();
}
