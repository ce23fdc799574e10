// Named points between two writes of the store where a test can make the process fail: `error` throws
// there (the caller's retry runs in the same process), `kill` ends the process at once with SIGKILL (the
// next process boots and repairs). Armed by AURA_FAILPOINT=<name>:<error|kill> or, in-process, by
// armFailpoint(). A production build turns them off for good: webpack defines AURA_FAILPOINTS_BUILD as
// false there (apps/api/webpack.config.js), so no environment variable can turn them on. Source runs
// (jest, swc-node) have no such constant and honour AURA_FAILPOINT.

declare const AURA_FAILPOINTS_BUILD: boolean | undefined;
const ENABLED = typeof AURA_FAILPOINTS_BUILD === 'undefined' || AURA_FAILPOINTS_BUILD;

export const FAILPOINTS = [
  // ingest (saveBlocks)
  'after-rows',
  'after-block-rows',
  'after-addresses',
  'after-buckets',
  'after-totals',
  // reorg removal (removeFrom)
  'after-reorg-marker',
  'after-totals-revert',
  'after-buckets-revert',
  'after-addresses-delete',
  'after-rows-delete',
  'after-blocks-delete',
] as const;
/** Alerting's points: between the outbox write and the checkpoint, between a send and its settlement. */
export const ALERT_FAILPOINTS = ['alerts-after-outbox', 'alerts-after-send'] as const;
export type FailpointName = (typeof FAILPOINTS)[number] | (typeof ALERT_FAILPOINTS)[number];
export type FailpointMode = 'error' | 'kill';

export class FailpointError extends Error {
  constructor(readonly point: FailpointName) {
    super(`failpoint ${point}: injected database error`);
    this.name = 'FailpointError';
  }
}

let armed: { name: FailpointName; mode: FailpointMode } | null = null;
let fromEnvRead = false;
const fired: FailpointName[] = [];

/** The failpoints that fired in this process, in order (tests assert theirs did). */
export function firedFailpoints(): readonly FailpointName[] {
  return fired;
}

/** Arms one failpoint (tests); it fires once, then disarms. `null` disarms. */
export function armFailpoint(name: FailpointName | null, mode: FailpointMode = 'error'): void {
  fromEnvRead = true;
  armed = name ? { name, mode } : null;
}

/** Parses AURA_FAILPOINT ("after-totals:kill"); unknown names are refused loudly, never ignored. */
export function parseFailpoint(raw: string | undefined): { name: FailpointName; mode: FailpointMode } | null {
  if (!raw) return null;
  const [name, mode = 'error'] = raw.split(':');
  const names: readonly string[] = [...FAILPOINTS, ...ALERT_FAILPOINTS];
  if (!names.includes(name ?? '') || (mode !== 'error' && mode !== 'kill')) {
    throw new Error(`AURA_FAILPOINT="${raw}": expected <${names.join('|')}>:<error|kill>`);
  }
  return { name: name as FailpointName, mode };
}

/** Fails here when this point is armed. */
export function failpoint(name: FailpointName): void {
  if (!ENABLED) return;
  if (!fromEnvRead) {
    fromEnvRead = true;
    armed = parseFailpoint(process.env['AURA_FAILPOINT']);
  }
  if (armed?.name !== name) return;
  const { mode } = armed;
  armed = null;
  fired.push(name);
  if (mode === 'kill') process.kill(process.pid, 'SIGKILL');
  throw new FailpointError(name);
}
