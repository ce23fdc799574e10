// A bad configuration must stop the real process with a message naming the variable.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const MAIN = join(__dirname, '../../../dist/apps/api/main.js');

function boot(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [MAIN], {
    env: { PATH: process.env['PATH'] ?? '', DEVNET_ENV_FILE: '/nonexistent/devnet.env', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stderr: result.stderr };
}

describe('configuration validation at boot (built API process)', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run nx build api first`);
  });

  it.each([
    [{ POLYGON_RPC_URL: 'not-a-url' }, 'POLYGON_RPC_URL="not-a-url" is not a valid URL'],
    [{ POLYGON_RPC_URL: 'http://127.0.0.1:1', BADGE_CONTRACT_ADDRESS: '0x123' }, 'BADGE_CONTRACT_ADDRESS="0x123"'],
    [{ POLYGON_RPC_URL: 'http://127.0.0.1:1', POLL_INTERVAL_MS: 'fast' }, 'POLL_INTERVAL_MS="fast"'],
    [{}, 'POLYGON_RPC_URL is not set'],
  ])('refuses %j', (env, expected) => {
    const { code, stderr } = boot(env);
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain(expected);
  });
});
