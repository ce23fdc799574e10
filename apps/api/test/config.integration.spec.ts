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
    [{ POLYGON_RPC_URL: 'http://127.0.0.1:1', TRUST_PROXY: 'true' }, 'TRUST_PROXY="true" would trust every hop'],
    [
      { POLYGON_RPC_URL: 'http://127.0.0.1:1', MONGO_URL: 'postgres://h/db' },
      'MONGO_URL="postgres://h…" is not a MongoDB',
    ],
  ])('refuses %j', (env, expected) => {
    const { code, stderr } = boot(env);
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain(expected);
  });

  it('quotes no key or password in what it prints', () => {
    const { code, stderr } = boot({
      POLYGON_RPC_URL: 'ftp://rpc.example/v2/PATHKEY?apikey=QUERYKEY',
      MONGO_URL: 'mongodb://aura:DBPASSWORD@h1,h2/?replicaSett=rs',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('POLYGON_RPC_URL="ftp://rpc.example…" must use http: or https:');
    expect(stderr).toContain('MONGO_URL="mongodb://h1,h2…" is not a MongoDB connection string');
    expect(stderr).not.toMatch(/PATHKEY|QUERYKEY|DBPASSWORD/);
  });
});
