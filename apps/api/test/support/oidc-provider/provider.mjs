// A real OpenID provider (oidc-provider 8, ESM-only) for the API's tests, run as a child process by
// start-oidc-provider.ts. Never use it outside tests: the accounts, secrets and the key rotation endpoint
// below exist for tests only.
//
//   node provider.mjs --port 47231 [--audience urn:aura:api] [--redirect-uri http://localhost:4200/auth/callback]
//                     [--ttl 300] [--short-ttl 1] [--client-secret aura-tests-secret]
//
// Prints one JSON line {"issuer": "http://127.0.0.1:<port>", "ready": true, ...} on stdout when listening.
//
// Clients:
//   aura-dashboard         public client (no secret), authorization code + PKCE (S256), redirect URI --redirect-uri.
//   tests-<account>        confidential clients (secret --client-secret), client_credentials grant; their
//   tests-<account>-short  tokens carry the claims of <account> (a service account bound to that user);
//                          the -short ones live --short-ttl seconds instead of --ttl.
// Resource servers (features.resourceIndicators): --audience (the default resource) and urn:aura:other-api (to
// get a token with the wrong audience). Access tokens for them are JWTs (RS256) with the account's `roles`,
// the same roles again under `realm_access.roles` (Keycloak's shape) and `preferred_username`.
//
// Key rotation: POST /__test/rotate-keys generates a new RSA signing key, puts it first in the key set
// (so it signs every token from then on) and keeps the previous keys published, as a real rotation does.
// oidc-provider reads its keys once at construction, so the endpoint builds a new Provider with the same
// configuration and issuer and swaps it in behind the same HTTP server: same port, same issuer URL, and
// the in-memory adapter (module-level in oidc-provider) is shared, so sessions and grants survive.
// Answers {"kid": "<new kid>", "kids": [...]}.

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.OIDC_TEST_PORT },
    audience: { type: 'string', default: process.env.OIDC_TEST_AUDIENCE ?? 'urn:aura:api' },
    'redirect-uri': {
      type: 'string',
      default: process.env.OIDC_TEST_REDIRECT_URI ?? 'http://localhost:4200/auth/callback',
    },
    ttl: { type: 'string', default: process.env.OIDC_TEST_ACCESS_TOKEN_TTL ?? '300' },
    'short-ttl': { type: 'string', default: process.env.OIDC_TEST_SHORT_ACCESS_TOKEN_TTL ?? '1' },
    'client-secret': { type: 'string', default: process.env.OIDC_TEST_CLIENT_SECRET ?? 'aura-tests-secret' },
  },
});

const port = Number(args.port);
if (!Number.isInteger(port) || port <= 0) {
  console.error('provider.mjs: pass --port <n> (or OIDC_TEST_PORT)');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const audience = args.audience;
const otherAudience = 'urn:aura:other-api';
const accessTokenTtl = Number(args.ttl);
const shortAccessTokenTtl = Number(args['short-ttl']);

/** Test people. `roles` goes into access tokens; nora has no role at all. */
const ACCOUNTS = {
  alice: { name: 'Alice Admin', email: 'alice@aura.test', roles: ['admin'] },
  olga: { name: 'Olga Operator', email: 'olga@aura.test', roles: ['operator', 'viewer'] },
  victor: { name: 'Victor Viewer', email: 'victor@aura.test', roles: ['viewer'] },
  nora: { name: 'Nora Norole', email: 'nora@aura.test', roles: undefined },
};

/** client_id → { account, ttl } for the confidential test clients. */
const SERVICE_CLIENTS = new Map();
for (const account of Object.keys(ACCOUNTS)) {
  SERVICE_CLIENTS.set(`tests-${account}`, { account, ttl: accessTokenTtl });
  SERVICE_CLIENTS.set(`tests-${account}-short`, { account, ttl: shortAccessTokenTtl });
}

function accountClaims(accountId) {
  const account = ACCOUNTS[accountId];
  if (!account) return {};
  return {
    preferred_username: accountId,
    ...(account.roles ? { roles: account.roles, realm_access: { roles: account.roles } } : {}),
  };
}

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

const configuration = {
  clients: [
    {
      client_id: 'aura-dashboard',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [args['redirect-uri']],
    },
    ...[...SERVICE_CLIENTS.keys()].map((clientId) => ({
      client_id: clientId,
      client_secret: args['client-secret'],
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    })),
  ],
  // The dashboard exchanges its code from the browser: the token endpoint answers CORS requests from the
  // origin of a client's redirect URI (oidc-provider refuses every origin unless told).
  clientBasedCORS(_ctx, origin, client) {
    return (client.redirectUris ?? []).some((uri) => new URL(uri).origin === origin);
  },
  cookies: { keys: [randomUUID()] },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
  async findAccount(_ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: account.name, email: account.email, preferred_username: id };
      },
    };
  },
  async extraTokenClaims(_ctx, token) {
    if (token.kind !== 'AccessToken' && token.kind !== 'ClientCredentials') return undefined;
    const accountId = token.accountId ?? SERVICE_CLIENTS.get(token.clientId)?.account;
    return accountClaims(accountId);
  },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      async getResourceServerInfo(_ctx, resourceIndicator, client) {
        if (resourceIndicator !== audience && resourceIndicator !== otherAudience) {
          throw new Provider.errors.InvalidTarget();
        }
        return {
          scope: 'monitor:read',
          audience: resourceIndicator,
          accessTokenTTL: SERVICE_CLIENTS.get(client.clientId)?.ttl ?? accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  pkce: { required: () => true },
  ttl: {
    AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
    ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
    Grant: 3600,
    Interaction: 600,
    Session: 3600,
    IdToken: 3600,
  },
};

let keys = [newSigningKey()];
let provider = buildProvider();

function buildProvider() {
  const instance = new Provider(issuer, { ...configuration, jwks: { keys } });
  instance.on('server_error', (_ctx, error) => console.error('oidc-provider server_error', error));
  return instance;
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/__test/rotate-keys') {
    keys = [newSigningKey(), ...keys];
    provider = buildProvider();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kid: keys[0].kid, kids: keys.map((key) => key.kid) }));
    return;
  }
  provider.callback()(req, res);
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ issuer, ready: true, audience, kid: keys[0].kid })}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
// The parent went away (its stdin pipe closed): do not outlive it.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
