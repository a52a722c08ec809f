// Forward-only, hand-written, numbered migrations, run at start and in test set-up.
import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_reference_data.js';
import * as m0003 from './migrations/0003_catalog.js';
import * as m0004 from './migrations/0004_teacher_profile.js';
import * as m0005 from './migrations/0005_applications.js';
import * as m0006 from './migrations/0006_conversations.js';
import * as m0007 from './migrations/0007_notifications.js';
import * as m0008 from './migrations/0008_basket_order.js';
import * as m0009 from './migrations/0009_outbox_claims.js';
import * as m0010 from './migrations/0010_catalog_speed.js';
import * as m0011 from './migrations/0011_catalog_rank.js';
import * as m0012 from './migrations/0012_study.js';
import * as m0013 from './migrations/0013_cpd.js';
import * as m0014 from './migrations/0014_catalog_filters.js';
import * as m0015 from './migrations/0015_documents.js';
import * as m0016 from './migrations/0016_recovery.js';
import * as m0017 from './migrations/0017_archive_department.js';
import * as m0018 from './migrations/0018_basket_sort.js';
import * as m0019 from './migrations/0019_archive_title.js';
import * as m0020 from './migrations/0020_notices.js';
import * as m0021 from './migrations/0021_jobs.js';
import * as m0022 from './migrations/0022_reports.js';
import * as m0023 from './migrations/0023_daily.js';
import * as m0024 from './migrations/0024_teachers.js';
import * as m0025 from './migrations/0025_stats_summary.js';
import * as m0026 from './migrations/0026_rush_methodists.js';
import * as m0027 from './migrations/0027_name_keys.js';
import * as m0028 from './migrations/0028_study_archive.js';
import * as m0029 from './migrations/0029_baskets_course_dates.js';
import * as m0030 from './migrations/0030_catalog_kept_places.js';
import * as m0031 from './migrations/0031_summary_tables.js';
import * as m0032 from './migrations/0032_basket_counts.js';
import * as m0033 from './migrations/0033_basket_orders.js';
import * as m0034 from './migrations/0034_catalog_version.js';
import * as m0035 from './migrations/0035_basket_items.js';
import * as m0036 from './migrations/0036_application_items.js';
import * as m0037 from './migrations/0037_basket_count_sums.js';
import * as m0038 from './migrations/0038_application_items_apart.js';
import * as m0039 from './migrations/0039_basket_submitted.js';

/**
 * A migration, and what it leaves to run once its transaction has committed: statements that
 * cannot run in one (VACUUM, which a table written again needs before its index-only scans read
 * it as they did).
 */
type Step = Migration & { afterCommit?: string[] };

const migrations: Record<string, Step> = {
  '0001_foundation': m0001,
  '0002_reference_data': m0002,
  '0003_catalog': m0003,
  '0004_teacher_profile': m0004,
  '0005_applications': m0005,
  '0006_conversations': m0006,
  '0007_notifications': m0007,
  '0008_basket_order': m0008,
  '0009_outbox_claims': m0009,
  '0010_catalog_speed': m0010,
  '0011_catalog_rank': m0011,
  '0012_study': m0012,
  '0013_cpd': m0013,
  '0014_catalog_filters': m0014,
  '0015_documents': m0015,
  '0016_recovery': m0016,
  '0017_archive_department': m0017,
  '0018_basket_sort': m0018,
  '0019_archive_title': m0019,
  '0020_notices': m0020,
  '0021_jobs': m0021,
  '0022_reports': m0022,
  '0023_daily': m0023,
  '0024_teachers': m0024,
  '0025_stats_summary': m0025,
  '0026_rush_methodists': m0026,
  '0027_name_keys': m0027,
  '0028_study_archive': m0028,
  '0029_baskets_course_dates': m0029,
  '0030_catalog_kept_places': m0030,
  '0031_summary_tables': m0031,
  '0032_basket_counts': m0032,
  '0033_basket_orders': m0033,
  '0034_catalog_version': m0034,
  '0035_basket_items': m0035,
  '0036_application_items': m0036,
  '0037_basket_count_sums': m0037,
  '0038_application_items_apart': m0038,
  '0039_basket_submitted': m0039,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function runStatements(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run on any typed handle
export async function migrateToLatest(db: Kysely<any>, upTo?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  // `upTo`: an earlier release's schema, for testing a migration over that release's data.
  const { error, results } = await (upTo ? migrator.migrateTo(upTo) : migrator.migrateToLatest());
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  for (const name of applied) await runStatements(db, migrations[name]?.afterCommit ?? []);
  return applied;
}

export const migrationNames = Object.keys(migrations);
