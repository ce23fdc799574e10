import { monitorSocketUrl, normalizeRuntimeConfig } from './runtime-config';

describe('runtime config', () => {
  it('derives the WebSocket URL from the backend URL', () => {
    const loc = { protocol: 'http:', host: 'dash.example' };
    expect(monitorSocketUrl(normalizeRuntimeConfig({ backendUrl: 'http://localhost:8080/' }), loc)).toBe(
      'ws://localhost:8080/ws/monitor',
    );
    expect(monitorSocketUrl(normalizeRuntimeConfig({ backendUrl: 'https://api.example' }), loc)).toBe(
      'wss://api.example/ws/monitor',
    );
  });

  it('uses the page origin when backendUrl is empty (API behind the same origin)', () => {
    expect(
      monitorSocketUrl(normalizeRuntimeConfig({ backendUrl: '' }), { protocol: 'https:', host: 'dash.example' }),
    ).toBe('wss://dash.example/ws/monitor');
  });

  it('falls back to defaults for missing or mistyped keys', () => {
    expect(normalizeRuntimeConfig({ backendUrl: 42 })).toEqual({
      backendUrl: 'http://localhost:8080',
      explorerUrl: '',
    });
    expect(normalizeRuntimeConfig(null).backendUrl).toBe('http://localhost:8080');
  });
});
