#!/usr/bin/env node
// The `ebppk` command: runs the TypeScript sources through tsx, no build step for the server.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/cli.ts');
