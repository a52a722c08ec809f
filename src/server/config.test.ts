import { describe, expect, it } from 'vitest';
import { loadConfig, loadDemoConfig } from './config.js';

describe('TRUST_PROXY', () => {
  it('takes a hop count or the proxies’ addresses, and is off by default', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.0.1.0/24,::1' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.0.1.0/24',
      '::1',
    ]);
  });

  it('refuses "true" (any client could name its own address) and anything not an address', () => {
    for (const value of ['true', 'yes', '10.0.0.300', '10.0.0.0/33', 'proxy.local', '-1'])
      expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY.*число прокси/);
  });
});

describe('HOST', () => {
  it('is every interface for serve, this machine only for the demo unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
    expect(loadDemoConfig({}).host).toBe('127.0.0.1');
    expect(loadDemoConfig({}).logLevel).toBe('warn');
    expect(loadDemoConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});
