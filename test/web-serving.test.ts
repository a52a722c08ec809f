// The server serves the built UI: pages fall back to index.html, a missing asset is a 404 (not a
// page), and files added after start (a rebuilt UI) are served without a restart.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { fixedClock } from '../src/server/clock.js';
import { loadConfig } from '../src/server/config.js';
import { testDatabase } from './db.js';

const dist = mkdtempSync(join(tmpdir(), 'ebppk-web-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><html lang="ru"><title>ЕБППК</title></html>');
writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log(1)');
writeFileSync(join(dist, 'assets', 'index-B7x_Qz9k.js'), 'console.log("built")');
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
const handle = await testDatabase();
const app = await buildApp(
  {
    db: handle.db,
    engine: handle.engine,
    now: fixedClock(new Date()),
    config: loadConfig({ LOG_LEVEL: 'silent' }),
  },
  { webDist: dist },
);
afterAll(async () => {
  await app.close();
  await handle.close();
});

it('serves index.html for the root and for client routes', async () => {
  for (const url of ['/', '/users?page=2', '/cabinet']) {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('ЕБППК');
  }
});

it('serves assets, including ones built after start, and 404s a missing one', async () => {
  expect((await app.inject({ method: 'GET', url: '/assets/app-1.js' })).statusCode).toBe(200);
  writeFileSync(join(dist, 'assets', 'app-2.js'), 'console.log(2)');
  const rebuilt = await app.inject({ method: 'GET', url: '/assets/app-2.js' });
  expect(rebuilt.statusCode).toBe(200);
  expect(rebuilt.headers['content-type']).toContain('javascript');
  const missing = await app.inject({ method: 'GET', url: '/assets/gone.js' });
  expect(missing.statusCode).toBe(404);
  expect(missing.headers['content-type']).toContain('application/problem+json');
});

it('never lets a browser keep a page, and keeps the hashed assets for good', async () => {
  // A page kept for an hour could ask for assets that a new release has removed.
  for (const url of ['/', '/index.html', '/cabinet', '/favicon.svg', '/assets/app-1.js']) {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    expect(res.headers['cache-control'], url).toBe('no-cache');
  }
  const hashed = await app.inject({ method: 'GET', url: '/assets/index-B7x_Qz9k.js' });
  expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
});
