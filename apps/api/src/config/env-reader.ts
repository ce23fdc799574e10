// Reads one environment variable at a time, collecting every problem (each naming its variable) so the
// operator fixes them all in one go. A value that may carry a secret (an RPC key, a database password) is
// quoted through redactUrl: the refusal is printed, and printed text leaves the process.
import { isIP } from 'node:net';

import { mongo } from 'mongoose';

import { ADDRESS_RE } from '@aura/events';

import { redactUrl } from '../common/redact-url';

export type EnvSource = Record<string, string | undefined>;

/** A chain endpoint: `url` is used only to connect; `name` is how it appears everywhere else. */
export interface RpcEndpoint {
  url: string;
  /** The operator's label (`label=https://…`), or the URL's scheme and host (redactUrl). */
  name: string;
}

/** Express `trust proxy`: none, a hop count, or the addresses/ranges/names of the proxies. */
export type TrustProxy = false | number | string[];

/** Express's names for address ranges (proxy-addr). */
export const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;

/** `label=url` in an endpoint list; a URL never matches (its scheme ends in ':' before any '='). */
const LABELLED_ENDPOINT_RE = /^([A-Za-z0-9][\w.-]{0,39})\s*=\s*(.*)$/;

/** A value as it may be shown: scheme and host, with `…` when something (path, key, password) was cut. */
export function quoteUrl(value: string): string {
  const shown = redactUrl(value);
  return shown.toLowerCase() === value.trim().toLowerCase() ? `"${shown}"` : `"${shown}…"`;
}

export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: EnvSource) {}

  raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.problems.push(`${name}="${v}" must be a whole number between ${min} and ${max}`);
      return fallback;
    }
    return Number(v);
  }

  url(name: string, value: string, protocols: string[]): string {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.problems.push(
        `${name}=${quoteUrl(value)} is not a valid URL (expected e.g. ${protocols[0]}//127.0.0.1:8545)`,
      );
      return value;
    }
    if (!protocols.includes(parsed.protocol)) {
      this.problems.push(`${name}=${quoteUrl(value)} must use ${protocols.join(' or ')}`);
    }
    return value;
  }

  /**
   * A comma-separated list of endpoints, each `https://…` or `label=https://…`. Without a label an
   * endpoint is named by its scheme and host; two such names that collide get ` (2)`, ` (3)`….
   */
  endpoints(name: string, value: string, protocols: string[]): RpcEndpoint[] {
    const endpoints: RpcEndpoint[] = [];
    const labels = new Set<string>();
    for (const entry of value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const labelled = LABELLED_ENDPOINT_RE.exec(entry);
      const url = this.url(name, labelled ? (labelled[2] ?? '') : entry, protocols);
      const label = labelled?.[1] ?? null;
      if (label !== null && labels.has(label)) this.problems.push(`${name}: the label "${label}" is given twice`);
      if (label !== null) labels.add(label);
      endpoints.push({ url, name: label ?? redactUrl(url) });
    }
    const seen = new Map<string, number>();
    for (const e of endpoints) {
      const n = (seen.get(e.name) ?? 0) + 1;
      seen.set(e.name, n);
      if (n > 1) e.name = `${e.name} (${n})`;
    }
    return endpoints;
  }

  /**
   * MONGO_URL as the MongoDB driver itself reads it: several hosts, mongodb+srv, credentials, options.
   * Building a client parses and checks the string without connecting.
   */
  mongoUrl(name: string, value: string): string {
    try {
      new mongo.MongoClient(value);
    } catch (err) {
      // The parser's messages may quote the whole string or the user name: keep only its reason.
      const reason = String((err as Error).message)
        .split(value)
        .join(redactUrl(value))
        .replace(/(unescaped characters).*/, '$1');
      this.problems.push(
        `${name}=${quoteUrl(value)} is not a MongoDB connection string (${reason}); expected e.g. mongodb://127.0.0.1:27017, ` +
          'mongodb://user:password@h1:27017,h2:27017/?replicaSet=rs or mongodb+srv://user:password@cluster.example.net',
      );
    }
    return value;
  }

  /**
   * Browser origins. A browser sends `scheme://host[:port]` exactly (lower case, no default port, no
   * trailing slash), so each value is reduced to that form, and a value with a path or query, which
   * could never match, is refused.
   */
  origins(name: string, value: string): string[] {
    const origins = new Set<string>();
    for (const o of value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (o === '*') {
        origins.add(o);
        continue;
      }
      let parsed: URL;
      try {
        parsed = new URL(o);
      } catch {
        this.problems.push(`${name}="${o}" is not an origin (expected e.g. https://monitor.example)`);
        continue;
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        this.problems.push(`${name}="${o}" must use http: or https:`);
      } else if (parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username || parsed.password) {
        this.problems.push(
          `${name}="${o}" is not an origin: a browser sends only scheme://host[:port], so a path, query or credentials never match (did you mean ${parsed.origin}?)`,
        );
      } else {
        origins.add(parsed.origin);
      }
    }
    return [...origins];
  }

  /**
   * TRUST_PROXY: `false`, a hop count, or a list of addresses, CIDR ranges and Express's names. `true`
   * is refused: trusting every hop lets any client write its own X-Forwarded-For.
   */
  trustProxy(name: string, fallback: TrustProxy): TrustProxy {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (v.toLowerCase() === 'false') return false;
    if (v.toLowerCase() === 'true') {
      this.problems.push(
        `${name}="true" would trust every hop, so any client could forge X-Forwarded-For (its IP in the rate limit and the logs): ` +
          'name the proxies instead (e.g. loopback, 10.0.0.0/8) or give the number of proxies in front of the API',
      );
      return fallback;
    }
    if (/^\d+$/.test(v)) return this.int(name, 0, 0, 100);
    const entries = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = entries.filter((e) => !isProxyAddress(e));
    for (const e of bad) {
      this.problems.push(
        `${name} entry "${e}" is not false, a hop count, an IP address, a CIDR range (e.g. 10.0.0.0/8) or one of ${TRUST_PROXY_NAMES.join(', ')}`,
      );
    }
    return bad.length ? fallback : entries.map((e) => (isProxyName(e) ? e.toLowerCase() : e));
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) {
      this.problems.push(`${name}="${v}" must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return v as T;
  }

  address(name: string): string | null {
    const v = this.raw(name);
    if (v === undefined) return null;
    if (!ADDRESS_RE.test(v)) {
      this.problems.push(`${name}="${v}" is not a 0x-prefixed 20-byte hex address`);
      return null;
    }
    return v.toLowerCase();
  }
}

function isProxyName(entry: string): boolean {
  return (TRUST_PROXY_NAMES as readonly string[]).includes(entry.toLowerCase());
}

/** An IP address, a CIDR range (`10.0.0.0/8`, `fd00::/8`) or one of Express's names. */
function isProxyAddress(entry: string): boolean {
  if (isProxyName(entry)) return true;
  const [address = '', bits, ...extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
