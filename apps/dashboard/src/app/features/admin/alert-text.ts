import type {
  AlertCondition,
  AlertConditionKind,
  AlertDeliveryMode,
  AlertTokenEvent,
  ChannelType,
  DeliveryStatus,
} from '@aura/events';

// The words the alerting panels show for the shared types: one place, so the rules list, the form and the
// delivery log say the same.

export const CONDITION_LABELS: Record<AlertConditionKind, string> = {
  token_event: 'Badge or passport event',
  large_transaction: 'Large transaction',
  event_rate: 'Event rate over a window',
  no_new_block: 'No new block',
  sync_lag: 'Sync lag',
  reorg_depth: 'Reorg depth',
  rpc_unhealthy: 'RPC endpoint unhealthy',
  database_down: 'Database down',
  follower_error: 'Follower in its error state',
};

export const TOKEN_EVENT_LABELS: Record<AlertTokenEvent, string> = {
  badge_minted: 'Badge minted',
  passport_issued: 'Passport issued',
  badge_revoked: 'Badge revoked',
};

export const CHANNEL_TYPE_LABELS: Record<ChannelType, string> = {
  webhook: 'Webhook',
  slack: 'Slack',
  discord: 'Discord',
  telegram: 'Telegram',
  pagerduty: 'PagerDuty',
  email: 'E-mail',
  dashboard: 'Dashboard',
};

export const STATUS_LABELS: Record<DeliveryStatus, string> = {
  held: 'held (waiting for confirmations)',
  pending: 'pending',
  sending: 'sending',
  retrying: 'retrying',
  delivered: 'delivered',
  dead: 'dead (gave up)',
  cancelled: 'cancelled (event left the chain)',
};

function short(address: string): string {
  return address.length > 14 ? `${address.slice(0, 8)}…${address.slice(-6)}` : address;
}

function addresses(list: readonly string[] | undefined, word: string): string {
  if (!list?.length) return '';
  return list.length === 1 ? ` ${word} ${short(list[0] ?? '')}` : ` ${word} ${list.length} addresses`;
}

/** One line for a rules table: what the condition watches, with its parameters. */
export function conditionSummary(c: AlertCondition): string {
  switch (c.kind) {
    case 'token_event':
      return c.events.map((e) => TOKEN_EVENT_LABELS[e]).join(', ') + addresses(c.addresses, 'for');
    case 'large_transaction':
      return `Transaction ≥ ${c.minValueWei} wei${addresses(c.from, 'from')}${addresses(c.to, 'to')}`;
    case 'event_rate':
      return `${TOKEN_EVENT_LABELS[c.event]} ${c.above !== undefined ? `> ${c.above}` : `< ${c.below}`} per ${c.windowSeconds} s`;
    case 'no_new_block':
      return `No new block for ${c.seconds} s`;
    case 'sync_lag':
      return `Sync lag > ${[c.blocks !== undefined ? `${c.blocks} blocks` : '', c.seconds !== undefined ? `${c.seconds} s` : ''].filter(Boolean).join(' or ')}`;
    case 'reorg_depth':
      return `Reorg of ≥ ${c.depth} block${c.depth === 1 ? '' : 's'}`;
    case 'rpc_unhealthy':
      return c.endpoint ? `RPC endpoint ${c.endpoint} unhealthy` : 'Any RPC endpoint unhealthy';
    case 'database_down':
      return 'Database down';
    case 'follower_error':
      return 'Follower in its error state';
  }
}

export function deliveryModeSummary(d: AlertDeliveryMode): string {
  if (d.mode === 'confirmations') return `after ${d.confirmations} confirmation${d.confirmations === 1 ? '' : 's'}`;
  return d.mode === 'finalized' ? 'once finalized' : 'at the tip';
}
