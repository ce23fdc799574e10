import { ConfigError, parseAppConfig, parseEnvFile } from './app-config';

const base = { POLYGON_RPC_URL: 'http://127.0.0.1:8545' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseAppConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parseAppConfig', () => {
  it('applies the documented defaults', () => {
    const c = parseAppConfig(base);
    expect(c).toMatchObject({
      port: 8080,
      rpcUrls: ['http://127.0.0.1:8545'],
      mongoUrl: 'mongodb://127.0.0.1:27017',
      dbName: 'aura_protocol',
      pollIntervalMs: 1000,
      badgeContract: null,
      chainId: null,
      statsIntervalMs: 2000,
      rateLimitPerMinute: 600,
      logLevel: 'info',
    });
  });

  it('splits several RPC URLs and lower-cases addresses', () => {
    const c = parseAppConfig({
      POLYGON_RPC_URL: 'https://a.example, https://b.example',
      BADGE_CONTRACT_ADDRESS: '0xABCDEF0123456789abcdef0123456789ABCDEF01',
    });
    expect(c.rpcUrls).toEqual(['https://a.example', 'https://b.example']);
    expect(c.badgeContract).toBe('0xabcdef0123456789abcdef0123456789abcdef01');
  });

  it.each([
    [{ POLYGON_RPC_URL: 'not a url' }, 'POLYGON_RPC_URL="not a url" is not a valid URL'],
    [{ POLYGON_RPC_URL: 'ftp://x' }, 'POLYGON_RPC_URL="ftp://x" must use http: or https:'],
    [{ ...base, BADGE_CONTRACT_ADDRESS: '0x123' }, 'BADGE_CONTRACT_ADDRESS="0x123" is not'],
    [{ ...base, PASSPORT_CONTRACT_ADDRESS: 'zz' }, 'PASSPORT_CONTRACT_ADDRESS="zz" is not'],
    [{ ...base, PORT: 'eighty' }, 'PORT="eighty" must be a whole number'],
    [{ ...base, POLL_INTERVAL_MS: '5' }, 'POLL_INTERVAL_MS="5" must be a whole number between 100'],
    [{ ...base, MONGO_URL: 'postgres://x' }, 'MONGO_URL="postgres://x" must use mongodb:'],
    [{ ...base, POLYGON_WS_URL: 'http://x' }, 'POLYGON_WS_URL="http://x" must use ws: or wss:'],
    [{ ...base, DB_NAME: 'a.b' }, 'DB_NAME="a.b" may hold only'],
    [{ ...base, STATS_INTERVAL_MS: '10' }, 'STATS_INTERVAL_MS="10" must be a whole number between 100'],
    [{ ...base, RATE_LIMIT_PER_MINUTE: '-1' }, 'RATE_LIMIT_PER_MINUTE="-1" must be a whole number'],
    [{ ...base, LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud" must be one of fatal, error, warn, info'],
    [{}, 'POLYGON_RPC_URL is not set'],
  ])('refuses %j naming the variable', (env, expected) => {
    expect(problemsOf(env as Record<string, string>).join('\n')).toContain(expected);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: 'x', POLL_INTERVAL_MS: 'y' })).toHaveLength(3);
  });

  it('fills chain variables from the devnet file only when POLYGON_RPC_URL is unset', () => {
    const devnet = {
      POLYGON_RPC_URL: 'http://127.0.0.1:8545',
      BADGE_CONTRACT_ADDRESS: '0x' + '11'.repeat(20),
      CHAIN_ID: '31337',
    };
    const fromDevnet = parseAppConfig({}, devnet, '.devnet/devnet.env');
    expect(fromDevnet).toMatchObject({ chainId: 31337, badgeContract: devnet.BADGE_CONTRACT_ADDRESS });
    expect(fromDevnet.devnetEnvFile).toBe('.devnet/devnet.env');

    const explicit = parseAppConfig({ POLYGON_RPC_URL: 'https://rpc.example' }, devnet, '.devnet/devnet.env');
    expect(explicit).toMatchObject({ rpcUrls: ['https://rpc.example'], badgeContract: null, devnetEnvFile: null });
  });
});

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines and skips comments', () => {
    expect(parseEnvFile('# c\nA=1\n\nB = "two"\n#C=3\n')).toEqual({ A: '1', B: 'two' });
  });
});
