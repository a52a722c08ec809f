// Migrates one template database for the whole run; each test file then takes a copy of it
// (test/db.ts). PGlite: a dumped data directory in a temporary file. PostgreSQL: a template database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase, pgliteOptions } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { adminUrl } from './pg.js';

export default async function setup(project: TestProject) {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: adminUrl(databaseUrl) });
    await admin.connect();
    // One template per run: two runs on one server (two developers, a CI run) never collide.
    const template = `ebppk_tpl_${process.pid}_${Date.now().toString(36)}`;
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${template}`;
    const handle = await openDatabase({ databaseUrl: url.toString() });
    await migrateToLatest(handle.db);
    await handle.close();
    project.provide('templateDataDir', '');
    project.provide('templateDatabase', template);
    return async () => {
      const drop = new pg.Client({ connectionString: adminUrl(databaseUrl) });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await drop.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'ebppk-test-'));
  const pglite = await PGlite.create(pgliteOptions());
  const handle = await openDatabase({ pglite });
  await migrateToLatest(handle.db);
  const dump = await pglite.dumpDataDir('none');
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('templateDataDir', file);
  project.provide('templateDatabase', '');
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDataDir: string;
    templateDatabase: string;
  }
}
