// The words of each alert: one title line and a few plain sentences, the same for every channel (each
// channel only formats them). Pure.
import type { AlertCondition, AlertMessage, AlertRule } from '@aura/events';

import type { ChainEventInput } from './rule-index';

const EVENT_WORDS: Record<string, string> = {
  badge_minted: 'Badge minted',
  passport_issued: 'Passport issued',
  badge_revoked: 'Badge revoked',
  transaction: 'Large transaction',
};

export function formatWei(value: bigint): string {
  const whole = value / 10n ** 18n;
  const frac = (value % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '').slice(0, 6);
  return `${whole}${frac ? `.${frac}` : ''} POL`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3_600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3_600)} h ${Math.floor((s % 3_600) / 60)} min`;
}

/** What a state condition watches, in words ("no new block for 60 s"). */
export function describeCondition(c: AlertCondition): string {
  switch (c.kind) {
    case 'token_event':
      return `${c.events.join(', ')}${c.addresses ? ` for ${c.addresses.length} address(es)` : ''}`;
    case 'large_transaction':
      return `a transaction of at least ${formatWei(BigInt(c.minValueWei))}`;
    case 'event_rate':
      return `${c.event} per ${formatDuration(c.windowSeconds)} ${c.above !== undefined ? `above ${c.above}` : `below ${c.below}`}`;
    case 'no_new_block':
      return `no new block for ${formatDuration(c.seconds)}`;
    case 'sync_lag':
      return `sync lag above ${[c.blocks !== undefined ? `${c.blocks} blocks` : '', c.seconds !== undefined ? `${formatDuration(c.seconds)}` : ''].filter(Boolean).join(' or ')}`;
    case 'reorg_depth':
      return `a reorg of depth ${c.depth} or more`;
    case 'rpc_unhealthy':
      return c.endpoint ? `RPC endpoint ${c.endpoint} unhealthy` : 'an RPC endpoint unhealthy';
    case 'database_down':
      return 'the database down';
    case 'follower_error':
      return 'the follower in its error state';
  }
}

interface Base {
  id: string;
  rule: AlertRule;
  at: Date;
  suppressed: number;
  dedupKey: string;
}

function base(
  b: Base,
): Pick<AlertMessage, 'id' | 'ruleId' | 'ruleName' | 'severity' | 'condition' | 'at' | 'suppressed' | 'dedupKey'> {
  return {
    id: b.id,
    ruleId: b.rule.id,
    ruleName: b.rule.name,
    severity: b.rule.severity,
    condition: b.rule.condition.kind,
    at: b.at.toISOString(),
    suppressed: b.suppressed,
    dedupKey: b.dedupKey,
  };
}

function suppressedNote(n: number): string {
  return n > 0 ? ` ${n} more alert(s) of this rule were held back by its cooldown since the previous message.` : '';
}

export function eventWire(event: ChainEventInput): NonNullable<AlertMessage['event']> {
  const common = {
    type: event.type,
    contract: event.contract,
    txHash: event.txHash,
    blockNumber: event.blockNumber,
    blockHash: event.blockHash,
  };
  return event.type === 'transaction'
    ? { ...common, from: event.from, to: event.to, value: event.value.toString() }
    : { ...common, address: event.address, tokenId: event.tokenId, logIndex: event.logIndex };
}

export function eventAlertMessage(b: Base & { event: ChainEventInput; matches?: number }): AlertMessage {
  const e = b.event;
  const what = EVENT_WORDS[e.type] ?? e.type;
  const detail =
    e.type === 'transaction'
      ? `${formatWei(e.value)} from ${e.from} to ${e.to}`
      : `token ${e.tokenId} ${e.type === 'badge_revoked' ? 'held by' : 'to'} ${e.address}`;
  const matches = b.matches !== undefined ? ` ${b.matches} matches within the rule's window.` : '';
  return {
    ...base(b),
    // Receivers that group by key (PagerDuty) get one incident per event; its retraction resolves it.
    dedupKey: b.id,
    kind: 'fired',
    title: `${what}: ${b.rule.name}`,
    text: `${what} in block ${e.blockNumber}: ${detail} (transaction ${e.txHash}).${matches}${suppressedNote(b.suppressed)}`,
    event: eventWire(e),
    ...(b.matches !== undefined ? { matches: b.matches } : {}),
  };
}

export function retractionMessage(original: AlertMessage, id: string, at: Date): AlertMessage {
  const block = original.event ? `block ${original.event.blockNumber} (${original.event.blockHash})` : 'its block';
  return {
    ...original,
    id,
    kind: 'retracted',
    at: at.toISOString(),
    title: `Retracted: ${original.title}`,
    text: `A chain reorganisation removed ${block}: the alert "${original.title}" no longer holds. The event may come back in the new branch, with an alert of its own.`,
    retracts: original.id,
    suppressed: 0,
    dedupKey: original.id,
  };
}

export function stateFiredMessage(b: Base & { since: Date; detail: string }): AlertMessage {
  return {
    ...base(b),
    kind: 'fired',
    title: `${b.rule.name}: ${describeCondition(b.rule.condition)}`,
    text: `Started: ${b.detail}.${suppressedNote(b.suppressed)}`,
    state: { since: b.since.toISOString(), detail: b.detail },
  };
}

export function stateResolvedMessage(
  b: Base & { since: Date; resolvedAt: Date; firedId: string; detail: string },
): AlertMessage {
  const duration = (b.resolvedAt.getTime() - b.since.getTime()) / 1000;
  return {
    ...base(b),
    kind: 'resolved',
    title: `Resolved: ${b.rule.name}`,
    text: `Resolved after ${formatDuration(duration)}: ${describeCondition(b.rule.condition)} no longer holds (${b.detail}).`,
    state: {
      since: b.since.toISOString(),
      resolvedAt: b.resolvedAt.toISOString(),
      durationSeconds: Math.round(duration),
      detail: b.detail,
    },
    // PagerDuty resolves the incident its trigger opened: the same dedup key.
    dedupKey: b.firedId,
  };
}

export function reorgMessage(b: Base & { depth: number; ancestor: number; oldHead: number }): AlertMessage {
  return {
    ...base(b),
    kind: 'fired',
    title: `${b.rule.name}: reorg of depth ${b.depth}`,
    text: `A chain reorganisation replaced ${b.depth} stored block(s) above block ${b.ancestor} (the old head was ${b.oldHead}).${suppressedNote(b.suppressed)}`,
    state: { since: b.at.toISOString(), detail: `depth ${b.depth}, common ancestor ${b.ancestor}` },
  };
}

export function testMessage(
  id: string,
  rule: Pick<AlertRule, 'id' | 'name' | 'severity' | 'condition'>,
  at: Date,
): AlertMessage {
  return {
    id,
    kind: 'test',
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    condition: rule.condition.kind,
    at: at.toISOString(),
    title: `Test: ${rule.name}`,
    text: `A test message from Aura Monitor for the rule "${rule.name}" (${describeCondition(rule.condition)}). Nothing happened on the chain.`,
    suppressed: 0,
    dedupKey: id,
  };
}
