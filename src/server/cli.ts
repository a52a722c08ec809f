// The `ebppk` command line: serve, demo, migrate, create-user, backup, restore, openapi.

import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startClock } from './clock.js';
import { loadConfig, loadDemoConfig } from './config.js';
import { databaseOf, openDatabase } from './db/database.js';
import { DataDirBusy, lockDataDir } from './db/lock.js';
import { migrateToLatest } from './db/migrate.js';

const USAGE = `Использование: ebppk <команда>

  serve                          запустить сервер (PGlite в DATA_DIR или PostgreSQL из DATABASE_URL)
  demo                           запустить с демонстрационными данными (DATA_DIR по умолчанию ./demo-data, создаётся заново)
  migrate                        применить миграции и выйти
  create-user --login L --password P --role R [--last-name --first-name --territory ID --department ID --provider ID]
  backup FILE                    сохранить базу данных и файлы в один файл
  restore FILE                   восстановить из файла в пустой каталог данных или пустую базу
  openapi [FILE]                 записать описание HTTP API (OpenAPI, JSON) в файл или вывести его`;

async function withDatabase<T>(
  command: string,
  defaultDataDir: string,
  work: (h: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
) {
  const config = loadConfig(process.env, defaultDataDir);
  const release = config.databaseUrl ? () => {} : lockDataDir(config.dataDir, command);
  const handle = await openDatabase(databaseOf(config));
  try {
    return await work(handle);
  } finally {
    await handle.close();
    release();
  }
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      // The app (every module's routes) loads only for the commands that serve it.
      const { serve } = await import('./main.js');
      await serve(loadConfig(), 'serve');
      return;
    }
    case 'demo': {
      // The demo's console shows the logins, not a log line per request (LOG_LEVEL overrides),
      // and it listens on 127.0.0.1 unless HOST says otherwise.
      const config = loadDemoConfig(process.env);
      const { seedDemo, printDemoLogins, resetDemoDatabase } = await import('./demo/seed.js');
      // `--build-web` (npm run demo) builds the UI while the database starts, not before it.
      const webBuilt = rest.includes('--build-web') ? buildWeb() : Promise.resolve();
      const { serve } = await import('./main.js');
      let seed = seedDemo;
      if (!config.databaseUrl) {
        lockDataDir(config.dataDir, 'demo')(); // refuses clearly while something runs there
        // The demo database is recreated at each start. An existing PGlite cluster is emptied and
        // reused (about a second) rather than deleted and initialised again (many seconds).
        if (existsSync(join(config.dataDir, 'PG_VERSION'))) {
          seed = async (ctx) => {
            await resetDemoDatabase(ctx.db);
            await seedDemo(ctx);
          };
        } else {
          rmSync(config.dataDir, { recursive: true, force: true });
        }
      }
      const app = await serve(config, 'demo', async (ctx) => {
        await Promise.all([seed(ctx), webBuilt]);
      });
      const address = app.server.address();
      printDemoLogins(
        `http://localhost:${typeof address === 'object' && address ? address.port : config.port}`,
      );
      return;
    }
    case 'openapi': {
      // Describing the routes needs no database: building the app does not query it.
      const { buildApp } = await import('./app.js');
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const ctx = { db: null, engine: 'pglite', now: startClock(undefined), config: loadConfig() };
      const app = await buildApp(ctx as unknown as Parameters<typeof buildApp>[0], { webDist: null });
      await app.ready();
      const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
      await app.close();
      if (rest[0]) {
        mkdirSync(dirname(rest[0]), { recursive: true });
        writeFileSync(rest[0], text);
      } else process.stdout.write(text);
      return;
    }
    case 'migrate': {
      const applied = await withDatabase('migrate', './data', (h) => migrateToLatest(h.db));
      console.log(
        applied.length
          ? `Применены миграции: ${applied.join(', ')}`
          : 'База данных уже в актуальном состоянии',
      );
      return;
    }
    case 'create-user': {
      const { values } = parseArgs({
        args: rest,
        options: {
          login: { type: 'string' },
          password: { type: 'string' },
          role: { type: 'string' },
          'last-name': { type: 'string' },
          'first-name': { type: 'string' },
          'middle-name': { type: 'string' },
          email: { type: 'string' },
          territory: { type: 'string' },
          department: { type: 'string' },
          provider: { type: 'string' },
        },
      });
      const { createUserFromCli } = await import('./accounts/cli.js');
      const user = await withDatabase('create-user', './data', async (h) => {
        await migrateToLatest(h.db);
        return createUserFromCli(h.db, values);
      });
      console.log(`Создан пользователь ${user.login} (id ${user.id})`);
      return;
    }
    case 'backup':
    case 'restore': {
      const file = rest[0];
      if (!file) throw new UsageError(`Укажите файл: ebppk ${command} FILE`);
      const { backupTo, restoreFrom } = await import('./db/backup.js');
      const config = loadConfig(process.env);
      if (command === 'backup' && !config.databaseUrl && !existsSync(join(config.dataDir, 'PG_VERSION'))) {
        // Opening it would create an empty database there: a mistyped DATA_DIR, most likely.
        throw new UsageError(`В каталоге ${config.dataDir} нет базы данных ЕБППК: проверьте DATA_DIR`);
      }
      const summary = await withDatabase(command, './data', (h) => {
        const options = { now: startClock(config.startAt) };
        return command === 'backup' ? backupTo(h.db, file, options) : restoreFrom(h.db, file, options);
      });
      console.log(summary);
      return;
    }
    default:
      console.log(USAGE);
      process.exitCode = command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

export class UsageError extends Error {}

/** Runs `vite build` in a child process; resolves when the UI is in dist/web. */
function buildWeb(): Promise<void> {
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  return new Promise((resolveBuild, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolveBuild()
        : reject(new Error(`Сборка веб-интерфейса завершилась с ошибкой (код ${code})`)),
    );
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof DataDirBusy ||
    error instanceof UsageError ||
    (error instanceof Error && /[а-яА-Я]/.test(error.message));
  console.error(known ? `Ошибка: ${(error as Error).message}` : error);
  process.exit(1);
});
