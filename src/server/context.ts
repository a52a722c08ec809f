// What every use case receives: the database, the one clock and the configuration.
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database, Engine } from './db/database.js';

export type Ctx = { db: Database; engine: Engine; now: Clock; config: Config };
