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
      rpcEndpoints: [{ url: 'http://127.0.0.1:8545', name: 'http://127.0.0.1:8545' }],
      wsEndpoint: null,
      mongoUrl: 'mongodb://127.0.0.1:27017',
      dbName: 'aura_protocol',
      pollIntervalMs: 1000,
      badgeContract: null,
      chainId: null,
      statsIntervalMs: 2000,
      rateLimitPerMinute: 600,
      logLevel: 'info',
      trustProxy: ['loopback'],
      maxClientsPerIp: 50,
      resumeMaxBlocks: 10_000,
      corsOrigins: ['http://localhost:4200', 'http://127.0.0.1:4200'],
    });
  });

  it('splits several RPC URLs and lower-cases addresses', () => {
    const c = parseAppConfig({
      POLYGON_RPC_URL: 'https://a.example, https://b.example',
      BADGE_CONTRACT_ADDRESS: '0xABCDEF0123456789abcdef0123456789ABCDEF01',
    });
    expect(c.rpcEndpoints.map((e) => e.url)).toEqual(['https://a.example', 'https://b.example']);
    expect(c.badgeContract).toBe('0xabcdef0123456789abcdef0123456789abcdef01');
  });

  it.each([
    [{ POLYGON_RPC_URL: 'not a url' }, 'POLYGON_RPC_URL="not a url" is not a valid URL'],
    [{ POLYGON_RPC_URL: 'ftp://x' }, 'POLYGON_RPC_URL="ftp://x" must use http: or https:'],
    [{ ...base, BADGE_CONTRACT_ADDRESS: '0x123' }, 'BADGE_CONTRACT_ADDRESS="0x123" is not'],
    [{ ...base, PASSPORT_CONTRACT_ADDRESS: 'zz' }, 'PASSPORT_CONTRACT_ADDRESS="zz" is not'],
    [{ ...base, PORT: 'eighty' }, 'PORT="eighty" must be a whole number'],
    [{ ...base, POLL_INTERVAL_MS: '5' }, 'POLL_INTERVAL_MS="5" must be a whole number between 100'],
    [
      { ...base, MONGO_URL: 'postgres://x' },
      'MONGO_URL="postgres://x" is not a MongoDB connection string (Invalid scheme',
    ],
    [{ ...base, MONGO_URL: 'not a url' }, 'MONGO_URL="not a url" is not a MongoDB connection string'],
    [
      { ...base, MONGO_URL: 'mongodb://' },
      'MONGO_URL="mongodb://" is not a MongoDB connection string (Protocol and host list are required',
    ],
    [{ ...base, MONGO_URL: 'mongodb+srv://a,b' }, 'MONGO_URL="mongodb+srv://a,b" is not a MongoDB connection string'],
    [{ ...base, MONGO_URL: 'mongodb://h1,h2/?directConnection=true' }, 'directConnection option requires exactly one'],
    [{ ...base, MONGO_URL: 'mongodb://h/?replicaSett=rs' }, 'option replicasett is not supported'],
    [{ ...base, POLYGON_WS_URL: 'http://x' }, 'POLYGON_WS_URL="http://x" must use ws: or wss:'],
    [{ ...base, DB_NAME: 'a.b' }, 'DB_NAME="a.b" may hold only'],
    [{ ...base, STATS_INTERVAL_MS: '10' }, 'STATS_INTERVAL_MS="10" must be a whole number between 100'],
    [{ ...base, RATE_LIMIT_PER_MINUTE: '-1' }, 'RATE_LIMIT_PER_MINUTE="-1" must be a whole number'],
    [{ ...base, MAX_CLIENTS_PER_IP: '0' }, 'MAX_CLIENTS_PER_IP="0" must be a whole number between 1'],
    [{ ...base, RESUME_MAX_BLOCKS: '0' }, 'RESUME_MAX_BLOCKS="0" must be a whole number between 1'],
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
    expect(explicit).toMatchObject({
      rpcEndpoints: [{ url: 'https://rpc.example' }],
      badgeContract: null,
      devnetEnvFile: null,
    });
  });
});

describe('POLYGON_RPC_URL and POLYGON_WS_URL endpoints', () => {
  it('names each endpoint by its label, or by scheme and host, and keeps the whole URL only to connect', () => {
    const c = parseAppConfig({
      POLYGON_RPC_URL:
        'alchemy=https://polygon-mainnet.g.alchemy.com/v2/KEY1, https://rpc.example/?apikey=KEY2, backup = https://u:KEY3@rpc.example',
      POLYGON_WS_URL: 'wss://polygon-mainnet.g.alchemy.com/v2/KEY4',
    });
    expect(c.rpcEndpoints).toEqual([
      { name: 'alchemy', url: 'https://polygon-mainnet.g.alchemy.com/v2/KEY1' },
      { name: 'https://rpc.example', url: 'https://rpc.example/?apikey=KEY2' },
      { name: 'backup', url: 'https://u:KEY3@rpc.example' },
    ]);
    expect(c.wsEndpoint).toEqual({
      name: 'wss://polygon-mainnet.g.alchemy.com',
      url: 'wss://polygon-mainnet.g.alchemy.com/v2/KEY4',
    });
  });

  it('tells apart two unlabelled endpoints on one host', () => {
    const c = parseAppConfig({ POLYGON_RPC_URL: 'https://rpc.example/v2/A,https://rpc.example/v2/B' });
    expect(c.rpcEndpoints.map((e) => e.name)).toEqual(['https://rpc.example', 'https://rpc.example (2)']);
  });

  it.each([
    [
      { POLYGON_RPC_URL: 'a=https://x.example/1,a=https://y.example/2' },
      'POLYGON_RPC_URL: the label "a" is given twice',
    ],
    [{ POLYGON_RPC_URL: 'alchemy=ftp://x' }, 'POLYGON_RPC_URL="ftp://x" must use http: or https:'],
    [{ ...base, POLYGON_WS_URL: 'wss://a.example,wss://b.example' }, 'POLYGON_WS_URL takes one URL'],
  ])('refuses %j', (env, expected) => {
    expect(problemsOf(env).join('\n')).toContain(expected);
  });

  it('never quotes a key or password in a refusal', () => {
    const problems = problemsOf({
      POLYGON_RPC_URL: 'ftp://u:KEY1@rpc.example/v2/KEY2?apikey=KEY3, alchemy.com/v2/KEY4',
      POLYGON_WS_URL: 'https://rpc.example/v2/KEY5',
      MONGO_URL: 'mongodb://aura:KEY6@h1:27017,h2/?replicaSett=rs',
    }).join('\n');
    expect(problems).not.toMatch(/KEY\d|aura/);
    expect(problems).toContain('POLYGON_RPC_URL="ftp://rpc.example…" must use http: or https:');
    expect(problems).toContain('POLYGON_RPC_URL="alchemy.com…" is not a valid URL');
    expect(problems).toContain('POLYGON_WS_URL="https://rpc.example…" must use ws: or wss:');
    expect(problems).toContain('MONGO_URL="mongodb://h1:27017,h2…" is not a MongoDB connection string');
  });
});

describe('MONGO_URL', () => {
  it.each([
    'mongodb://127.0.0.1:27017',
    'mongodb://h1:27017,h2:27017/?replicaSet=rs',
    'mongodb://aura:p%40ss@h1:27017,h2:27018/aura?replicaSet=rs&authSource=admin',
    'mongodb+srv://aura:secret@cluster0.example.net/?retryWrites=true&w=majority',
    'mongodb://[::1]:27017/?directConnection=true',
  ])('accepts %s as given (the driver reads it)', (mongoUrl) => {
    expect(parseAppConfig({ ...base, MONGO_URL: mongoUrl }).mongoUrl).toBe(mongoUrl);
  });

  it('refuses a password with unescaped characters without quoting it', () => {
    const problems = problemsOf({ ...base, MONGO_URL: 'mongodb://aura:pa/ss@h1' }).join('\n');
    expect(problems).toContain('MONGO_URL="mongodb://h1…" is not a MongoDB connection string');
    expect(problems).not.toContain('pa/ss');
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, ['loopback']],
    ['false', false],
    ['FALSE', false],
    ['0', 0],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    ['loopback, linklocal, uniquelocal', ['loopback', 'linklocal', 'uniquelocal']],
    ['10.0.0.5', ['10.0.0.5']],
    ['172.16.0.0/12, 127.0.0.1, LOOPBACK', ['172.16.0.0/12', '127.0.0.1', 'loopback']],
    ['fd00::/8,::1', ['fd00::/8', '::1']],
  ])('reads %s as %j', (value, expected) => {
    const env = value === undefined ? base : { ...base, TRUST_PROXY: value };
    expect(parseAppConfig(env).trustProxy).toEqual(expected);
  });

  it.each([
    ['true', 'TRUST_PROXY="true" would trust every hop, so any client could forge X-Forwarded-For'],
    ['-1', 'TRUST_PROXY entry "-1" is not false, a hop count, an IP address'],
    ['1.5', 'TRUST_PROXY entry "1.5" is not'],
    ['101', 'TRUST_PROXY="101" must be a whole number between 0 and 100'],
    ['10.0.0.0/33', 'TRUST_PROXY entry "10.0.0.0/33" is not'],
    ['fd00::/129', 'TRUST_PROXY entry "fd00::/129" is not'],
    ['loopback, proxy.internal', 'TRUST_PROXY entry "proxy.internal" is not'],
    ['10.0.0.300', 'TRUST_PROXY entry "10.0.0.300" is not'],
  ])('refuses %s', (value, expected) => {
    expect(problemsOf({ ...base, TRUST_PROXY: value }).join('\n')).toContain(expected);
  });
});

describe('CORS_ORIGINS', () => {
  it('reduces each origin to what a browser sends: no trailing slash, lower case, no default port', () => {
    const c = parseAppConfig({
      ...base,
      CORS_ORIGINS: 'https://Monitor.Example/, HTTP://LOCALHOST:4200, https://monitor.example:443, http://a.example:80',
    });
    expect(c.corsOrigins).toEqual(['https://monitor.example', 'http://localhost:4200', 'http://a.example']);
  });

  it('keeps * and a non-default port', () => {
    expect(parseAppConfig({ ...base, CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(parseAppConfig({ ...base, CORS_ORIGINS: 'https://a.example:8443' }).corsOrigins).toEqual([
      'https://a.example:8443',
    ]);
  });

  it.each([
    ['https://monitor.example/app', 'CORS_ORIGINS="https://monitor.example/app" is not an origin'],
    ['https://monitor.example/?x=1', 'CORS_ORIGINS="https://monitor.example/?x=1" is not an origin'],
    ['https://monitor.example/app', 'did you mean https://monitor.example?'],
    ['monitor.example', 'CORS_ORIGINS="monitor.example" is not an origin'],
    ['ftp://monitor.example', 'CORS_ORIGINS="ftp://monitor.example" must use http: or https:'],
  ])('refuses %s', (value, expected) => {
    expect(problemsOf({ ...base, CORS_ORIGINS: value }).join('\n')).toContain(expected);
  });
});

describe('WebSocket buffer limits', () => {
  it('accepts a soft limit below the hard one', () => {
    const c = parseAppConfig({ ...base, WS_SOFT_BUFFER_BYTES: '1024', WS_MAX_BUFFER_BYTES: '2048' });
    expect(c).toMatchObject({ wsSoftBufferBytes: 1024, wsMaxBufferBytes: 2048 });
  });

  it.each([
    [
      { WS_SOFT_BUFFER_BYTES: '4096', WS_MAX_BUFFER_BYTES: '4096' },
      '(4096) must be less than WS_MAX_BUFFER_BYTES (4096)',
    ],
    [{ WS_MAX_BUFFER_BYTES: '2048' }, 'WS_SOFT_BUFFER_BYTES (262144) must be less than WS_MAX_BUFFER_BYTES (2048)'],
  ])('refuses %j naming both', (env, expected) => {
    expect(problemsOf({ ...base, ...env }).join('\n')).toContain(expected);
  });
});

describe('alert delivery claims', () => {
  it('hold a row 60 s by default and take ALERT_CLAIM_MS', () => {
    expect(parseAppConfig(base).alerts.claimMs).toBe(60_000);
    expect(parseAppConfig({ ...base, ALERT_CLAIM_MS: '2000', ALERT_HTTP_TIMEOUT_MS: '1000' }).alerts.claimMs).toBe(
      2_000,
    );
  });

  it.each([
    [{ ALERT_CLAIM_MS: '999' }, 'ALERT_CLAIM_MS'],
    [{ ALERT_CLAIM_MS: 'soon' }, 'ALERT_CLAIM_MS'],
    [{ ALERT_CLAIM_MS: '5000' }, 'ALERT_CLAIM_MS (5000) must exceed ALERT_HTTP_TIMEOUT_MS (10000)'],
  ])('refuses %j', (env, expected) => {
    expect(problemsOf({ ...base, ...env }).join('\n')).toContain(expected);
  });
});

describe('access control settings', () => {
  it('is off by default, and reads keys and oidc settings', () => {
    expect(parseAppConfig(base)).toMatchObject({ authMode: 'off', oidc: null, adminApiKey: null });
    const key = 'aura_' + 'k'.repeat(43);
    expect(
      parseAppConfig({
        ...base,
        AUTH_MODE: 'oidc',
        OIDC_ISSUER_URL: 'https://login.example.com/realms/aura',
        OIDC_AUDIENCE: 'urn:aura:api',
        ADMIN_API_KEY: key,
      }),
    ).toMatchObject({
      authMode: 'oidc',
      adminApiKey: key,
      oidc: { issuerUrl: 'https://login.example.com/realms/aura', audience: 'urn:aura:api', roleClaim: 'roles' },
    });
  });

  it.each([
    [{ AUTH_MODE: 'on' }, 'AUTH_MODE'],
    [{ AUTH_MODE: 'oidc' }, 'OIDC_ISSUER_URL is required with AUTH_MODE=oidc'],
    [{ AUTH_MODE: 'oidc', OIDC_ISSUER_URL: 'https://x.example' }, 'OIDC_AUDIENCE is required'],
    [{ AUTH_MODE: 'oidc', OIDC_ISSUER_URL: 'ftp://x', OIDC_AUDIENCE: 'a' }, 'OIDC_ISSUER_URL'],
    [{ ADMIN_API_KEY: 'hunter2' }, 'ADMIN_API_KEY must be an API key of this monitor'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 16 characters'],
  ])('refuses %j naming the variable', (env, expected) => {
    expect(problemsOf({ ...base, ...env }).join('\n')).toContain(expected);
  });
});

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines and skips comments', () => {
    expect(parseEnvFile('# c\nA=1\n\nB = "two"\n#C=3\n')).toEqual({ A: '1', B: 'two' });
  });
});
