// The client IP of an upgrade request, by the same trust rule Express applies to REST requests
// (`trust proxy` = TRUST_PROXY): the socket address, or the X-Forwarded-For entry added by the last
// trusted proxy. proxy-addr is the module Express itself uses for this (installed with express).
import type { IncomingMessage } from 'node:http';

import type { TrustProxy } from '../config/app-config';

type TrustFn = (address: string, hop: number) => boolean;
interface ProxyAddr {
  (req: IncomingMessage, trust: TrustFn): string;
  compile(trust: string[]): TrustFn;
}

const proxyaddr = require('proxy-addr') as ProxyAddr;

/** Express's trust function for a TRUST_PROXY value: none, the first n hops, or the listed proxies. */
export function compileTrust(trust: TrustProxy): TrustFn {
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyaddr.compile(trust);
}

/** The client's address (IPv4-mapped IPv6 as proxy-addr gives it); '' when the socket has none. */
export function clientIp(req: IncomingMessage, trust: TrustFn): string {
  if (!req.socket?.remoteAddress) return '';
  return proxyaddr(req, trust);
}
