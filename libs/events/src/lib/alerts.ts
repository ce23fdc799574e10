// Alerting, defined once: the rules and channels an operator manages over REST, the message every channel
// carries (the `alert` WebSocket frame's data, the webhook body's `alert`), and the delivery log. Each
// schema gives the TypeScript type, the runtime check (REST bodies, the dashboard's form) and the JSON
// Schema of the OpenAPI and AsyncAPI documents.
import * as v from 'valibot';

import { ADDRESS_RE, DECIMAL_RE } from './wire-patterns';

const int = (min: number, max: number, what: string) =>
  v.pipe(
    v.number(`must be an integer from ${min} to ${max} (${what})`),
    v.safeInteger(`must be an integer from ${min} to ${max} (${what})`),
    v.minValue(min, `must be an integer from ${min} to ${max} (${what})`),
    v.maxValue(max, `must be an integer from ${min} to ${max} (${what})`),
  );

/** Most addresses one condition may name (the rule index keeps one entry per address). */
export const MAX_RULE_ADDRESSES = 100;
/** Longest window of a rate condition or threshold: a day. */
export const MAX_ALERT_WINDOW_SECONDS = 86_400;

const addressList = v.pipe(
  v.array(
    v.pipe(
      v.string('must be a 0x-prefixed 20-byte address'),
      v.regex(ADDRESS_RE, 'must be a 0x-prefixed 20-byte address'),
    ),
    `must be an array of 1 to ${MAX_RULE_ADDRESSES} addresses`,
  ),
  v.minLength(1, `must be an array of 1 to ${MAX_RULE_ADDRESSES} addresses`),
  v.maxLength(MAX_RULE_ADDRESSES, `must be an array of 1 to ${MAX_RULE_ADDRESSES} addresses`),
  v.transform((list) => [...new Set(list.map((a) => a.toLowerCase()))]),
);

export const ALERT_TOKEN_EVENTS = ['badge_minted', 'passport_issued', 'badge_revoked'] as const;
export type AlertTokenEvent = (typeof ALERT_TOKEN_EVENTS)[number];
const tokenEventKind = v.picklist(ALERT_TOKEN_EVENTS, `must be one of ${ALERT_TOKEN_EVENTS.join(', ')}`);

export const TokenEventConditionSchema = v.pipe(
  v.object({
    kind: v.literal('token_event'),
    events: v.pipe(
      v.array(tokenEventKind, 'must be a non-empty array of event kinds'),
      v.minLength(1, 'must be a non-empty array of event kinds'),
      v.transform((list) => [...new Set(list)]),
    ),
    addresses: v.optional(
      v.pipe(
        addressList,
        v.description(
          'Only events whose holder is one of these (the recipient of a mint, the holder of a burned badge).',
        ),
      ),
    ),
  }),
  v.description('A badge minted, a passport issued or a badge revoked on a watched contract.'),
);

export const LargeTransactionConditionSchema = v.pipe(
  v.object({
    kind: v.literal('large_transaction'),
    minValueWei: v.pipe(
      v.string('must be a decimal integer string (wei)'),
      v.regex(DECIMAL_RE, 'must be a decimal integer string (wei)'),
      v.maxLength(78, 'must be a decimal integer string (wei)'),
      v.description('Fires for a transaction to or from a watched contract carrying at least this many wei.'),
    ),
    from: v.optional(v.pipe(addressList, v.description('Only transactions sent by one of these.'))),
    to: v.optional(v.pipe(addressList, v.description('Only transactions sent to one of these.'))),
  }),
  v.description('A transaction to or from a watched contract with a value of at least minValueWei.'),
);

export const EventRateConditionSchema = v.pipe(
  v.object({
    kind: v.literal('event_rate'),
    event: tokenEventKind,
    windowSeconds: int(10, MAX_ALERT_WINDOW_SECONDS, 'seconds of chain time'),
    above: v.optional(int(0, 1_000_000, 'events per window')),
    below: v.optional(int(1, 1_000_000, 'events per window')),
  }),
  v.check((c) => (c.above === undefined) !== (c.below === undefined), 'needs exactly one of above or below'),
  v.description(
    'The number of such events in the last windowSeconds of chain time (block timestamps) is above, or below, N. Fires when it starts and resolves when it ends.',
  ),
);

export const NoNewBlockConditionSchema = v.pipe(
  v.object({ kind: v.literal('no_new_block'), seconds: int(5, 86_400, 'seconds') }),
  v.description('The node announced no new block for this many seconds.'),
);
export const SyncLagConditionSchema = v.pipe(
  v.object({
    kind: v.literal('sync_lag'),
    blocks: v.optional(int(1, 10_000_000, 'blocks')),
    seconds: v.optional(int(1, 86_400 * 30, 'seconds')),
  }),
  v.check((c) => c.blocks !== undefined || c.seconds !== undefined, 'needs blocks, seconds or both'),
  v.description('The follower is more than this many blocks, or seconds, behind what it may process.'),
);
export const ReorgDepthConditionSchema = v.pipe(
  v.object({ kind: v.literal('reorg_depth'), depth: int(1, 10_000, 'blocks') }),
  v.description(
    'A reorganisation replaced at least this many stored blocks (fires once per reorg; nothing to resolve).',
  ),
);
export const RpcUnhealthyConditionSchema = v.pipe(
  v.object({
    kind: v.literal('rpc_unhealthy'),
    endpoint: v.optional(
      v.pipe(
        v.string('must be an endpoint name as /health lists it'),
        v.minLength(1, 'must be an endpoint name as /health lists it'),
        v.maxLength(200, 'must be an endpoint name as /health lists it'),
        v.description('An endpoint name as /health lists it; any endpoint when absent.'),
      ),
    ),
  }),
  v.description('An RPC endpoint is marked unhealthy (failing calls, in its cooldown).'),
);
export const DatabaseDownConditionSchema = v.pipe(
  v.object({ kind: v.literal('database_down') }),
  v.description('The database does not answer. Sent directly, held in memory: the outbox lives in that database.'),
);
export const FollowerErrorConditionSchema = v.pipe(
  v.object({ kind: v.literal('follower_error') }),
  v.description('The follower is in its error state (its last poll failed, or a fork deeper than MAX_REORG_DEPTH).'),
);

export const AlertConditionSchema = v.variant(
  'kind',
  [
    TokenEventConditionSchema,
    LargeTransactionConditionSchema,
    EventRateConditionSchema,
    NoNewBlockConditionSchema,
    SyncLagConditionSchema,
    ReorgDepthConditionSchema,
    RpcUnhealthyConditionSchema,
    DatabaseDownConditionSchema,
    FollowerErrorConditionSchema,
  ],
  'must have a kind: token_event, large_transaction, event_rate, no_new_block, sync_lag, reorg_depth, rpc_unhealthy, database_down or follower_error',
);
export type AlertCondition = v.InferOutput<typeof AlertConditionSchema>;
export type AlertConditionKind = AlertCondition['kind'];

/** Conditions on a single chain event (matched through the rule index; thresholds and delivery modes apply). */
export const EVENT_CONDITION_KINDS = ['token_event', 'large_transaction'] as const;
/** Conditions on a state that starts and ends (fire once, resolve once with the duration). */
export const STATE_CONDITION_KINDS = [
  'event_rate',
  'no_new_block',
  'sync_lag',
  'rpc_unhealthy',
  'database_down',
  'follower_error',
] as const;
export const isEventCondition = (
  c: AlertCondition,
): c is Extract<AlertCondition, { kind: 'token_event' | 'large_transaction' }> =>
  (EVENT_CONDITION_KINDS as readonly string[]).includes(c.kind);

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_DEDUP_KEYS = ['rule', 'address', 'contract', 'transaction'] as const;
export type AlertDedupKey = (typeof ALERT_DEDUP_KEYS)[number];

export const AlertDeliveryModeSchema = v.variant(
  'mode',
  [
    v.pipe(
      v.object({ mode: v.literal('tip') }),
      v.description('At once, at the chain tip; a reorg that removes the event sends a retraction.'),
    ),
    v.pipe(
      v.object({ mode: v.literal('confirmations'), confirmations: int(1, 1_000, 'blocks') }),
      v.description("Once this many blocks sit on the event's block (a reorg before then cancels it: no retraction)."),
    ),
    v.pipe(
      v.object({ mode: v.literal('finalized') }),
      v.description("Once the node reports the event's block as finalized."),
    ),
  ],
  'must have a mode: tip, confirmations or finalized',
);
export type AlertDeliveryMode = v.InferOutput<typeof AlertDeliveryModeSchema>;

const ruleName = v.pipe(
  v.string('must be a string of 1 to 100 characters'),
  v.trim(),
  v.minLength(1, 'must be a string of 1 to 100 characters'),
  v.maxLength(100, 'must be a string of 1 to 100 characters'),
);
const channelIds = v.pipe(
  v.array(
    v.pipe(v.string('must be a channel id'), v.regex(/^ch_[0-9a-z]{8,32}$/, 'must be a channel id (ch_…)')),
    'must be an array of channel ids',
  ),
  v.maxLength(20, 'must name at most 20 channels'),
  v.transform((list) => [...new Set(list)]),
);

const ruleFields = {
  name: ruleName,
  enabled: v.optional(v.boolean('must be true or false'), true),
  severity: v.optional(v.picklist(ALERT_SEVERITIES, `must be one of ${ALERT_SEVERITIES.join(', ')}`), 'warning'),
  condition: AlertConditionSchema,
  channels: channelIds,
  cooldownSeconds: v.optional(
    v.pipe(int(0, 7 * 86_400, 'seconds'), v.description('One message per rule and dedup key per cooldown; 0: none.')),
    0,
  ),
  dedupBy: v.optional(
    v.pipe(
      v.picklist(ALERT_DEDUP_KEYS, `must be one of ${ALERT_DEDUP_KEYS.join(', ')}`),
      v.description(
        "What a cooldown is kept per: the whole rule, the event's address, its contract, or its transaction.",
      ),
    ),
    'rule',
  ),
  threshold: v.optional(
    v.pipe(
      v.object({
        count: int(2, 10_000, 'matches'),
        windowSeconds: int(1, MAX_ALERT_WINDOW_SECONDS, 'seconds of chain time'),
      }),
      v.description('Event conditions: fire only once count matches fell within windowSeconds (then count again).'),
    ),
  ),
  delivery: v.optional(AlertDeliveryModeSchema, { mode: 'tip' as const }),
};

function checkRuleShape(rule: {
  condition: AlertCondition;
  threshold?: unknown;
  delivery: AlertDeliveryMode;
  cooldownSeconds: number;
}): boolean {
  if (isEventCondition(rule.condition)) return true;
  return rule.threshold === undefined && rule.delivery.mode === 'tip' && rule.cooldownSeconds === 0;
}
const RULE_SHAPE_MESSAGE =
  'threshold, cooldownSeconds and a delivery mode other than tip apply to event conditions (token_event, large_transaction) only: a state condition fires once when it starts and once when it resolves';

/** POST /alerts/rules and PUT /alerts/rules/{id}. */
export const AlertRuleInputSchema = v.pipe(
  v.object(ruleFields),
  v.check((rule) => checkRuleShape(rule), RULE_SHAPE_MESSAGE),
);
export type AlertRuleInput = v.InferInput<typeof AlertRuleInputSchema>;
export type AlertRuleSpec = v.InferOutput<typeof AlertRuleInputSchema>;

/** PATCH /alerts/rules/{id}: any of the fields; the merged rule is checked whole. */
export const AlertRulePatchSchema = v.partial(v.object({ ...ruleFields, enabled: v.boolean('must be true or false') }));

export const AlertRuleSchema = v.object({
  id: v.string(),
  ...ruleFields,
  enabled: v.boolean(),
  severity: v.picklist(ALERT_SEVERITIES),
  cooldownSeconds: v.number(),
  dedupBy: v.picklist(ALERT_DEDUP_KEYS),
  delivery: AlertDeliveryModeSchema,
  /** Events in blocks up to this one are not alerted (they were history when the rule was made). */
  sinceBlock: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export type AlertRule = v.InferOutput<typeof AlertRuleSchema>;

// --- channels ---------------------------------------------------------------------------------------

export const CHANNEL_TYPES = ['webhook', 'slack', 'discord', 'telegram', 'pagerduty', 'email', 'dashboard'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

const httpUrl = v.pipe(
  v.string('must be an http(s) URL'),
  v.url('must be an http(s) URL'),
  v.check((s) => /^https?:\/\//i.test(s), 'must be an http(s) URL'),
  v.maxLength(2_000, 'must be an http(s) URL'),
);
const secretString = (min: number, what: string) =>
  v.pipe(v.string(`must be ${what}`), v.minLength(min, `must be ${what}`), v.maxLength(500, `must be ${what}`));

/** Write-only fields: accepted on input, never answered back (the API shows them masked). */
export const CHANNEL_SECRET_FIELDS: Record<ChannelType, readonly string[]> = {
  webhook: ['secret', 'previousSecret'],
  slack: ['webhookUrl'],
  discord: ['webhookUrl'],
  telegram: ['botToken'],
  pagerduty: ['routingKey'],
  email: [],
  dashboard: [],
};

export const ChannelSettingsSchema = v.variant(
  'type',
  [
    v.object({
      type: v.literal('webhook'),
      url: httpUrl,
      secret: secretString(16, 'a secret of at least 16 characters (it signs each request)'),
      previousSecret: v.optional(
        v.pipe(
          secretString(16, 'a secret of at least 16 characters'),
          v.description('During a rotation: requests are signed with both, so receivers may check either.'),
        ),
      ),
    }),
    v.object({ type: v.literal('slack'), webhookUrl: httpUrl }),
    v.object({ type: v.literal('discord'), webhookUrl: httpUrl }),
    v.object({
      type: v.literal('telegram'),
      botToken: secretString(10, 'a bot token'),
      chatId: v.pipe(
        v.string('must be a chat id'),
        v.regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/, 'must be a chat id (digits, or @channelname)'),
      ),
    }),
    v.object({
      type: v.literal('pagerduty'),
      routingKey: secretString(8, 'an Events API v2 integration (routing) key'),
    }),
    v.object({
      type: v.literal('email'),
      to: v.pipe(
        v.array(
          v.pipe(v.string('must be an e-mail address'), v.email('must be an e-mail address')),
          'must be an array of e-mail addresses',
        ),
        v.minLength(1, 'must be an array of 1 to 20 e-mail addresses'),
        v.maxLength(20, 'must be an array of 1 to 20 e-mail addresses'),
      ),
    }),
    v.object({ type: v.literal('dashboard') }),
  ],
  `must have a type: ${CHANNEL_TYPES.join(', ')}`,
);
export type ChannelSettings = v.InferOutput<typeof ChannelSettingsSchema>;

/** POST /alerts/channels and PUT /alerts/channels/{id} (on PUT, a secret field left out keeps its value). */
export const ChannelInputSchema = v.object({
  name: ruleName,
  settings: v.record(v.string(), v.unknown()),
});
export type ChannelInput = v.InferOutput<typeof ChannelInputSchema>;

/** A channel as the API answers it: secrets replaced by a mask (`••••` and their last 4 characters). */
export const ChannelSchema = v.object({
  id: v.string(),
  name: v.string(),
  type: v.picklist(CHANNEL_TYPES),
  settings: v.record(v.string(), v.unknown()),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export type Channel = v.InferOutput<typeof ChannelSchema>;

export function maskSecret(value: string): string {
  return value.length <= 8 ? '••••' : `••••${value.slice(-4)}`;
}

// --- the message -----------------------------------------------------------------------------------

export const ALERT_MESSAGE_KINDS = ['fired', 'resolved', 'retracted', 'test'] as const;
export type AlertMessageKind = (typeof ALERT_MESSAGE_KINDS)[number];

export const AlertMessageSchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.description("The alert's id: the same for every channel and every retry.")),
    kind: v.pipe(
      v.picklist(ALERT_MESSAGE_KINDS),
      v.description(
        'fired; resolved (a state condition ended); retracted (a reorg removed the event of `retracts`); test (the send-test action).',
      ),
    ),
    ruleId: v.string(),
    ruleName: v.string(),
    severity: v.picklist(ALERT_SEVERITIES),
    condition: v.string(),
    title: v.pipe(v.string(), v.description('One line for a notification.')),
    text: v.pipe(v.string(), v.description('A few plain sentences: what happened, where, and what it refers to.')),
    at: v.pipe(v.string(), v.description('ISO-8601 time the alert was raised.')),
    event: v.optional(
      v.object({
        type: v.picklist(['badge_minted', 'passport_issued', 'badge_revoked', 'transaction']),
        contract: v.optional(v.string()),
        txHash: v.string(),
        blockNumber: v.number(),
        blockHash: v.string(),
        address: v.optional(v.string()),
        tokenId: v.optional(v.string()),
        from: v.optional(v.string()),
        to: v.optional(v.string()),
        value: v.optional(v.string()),
        logIndex: v.optional(v.number()),
      }),
    ),
    state: v.optional(
      v.object({
        since: v.pipe(v.string(), v.description('When the condition started (ISO-8601).')),
        resolvedAt: v.optional(v.string()),
        durationSeconds: v.optional(v.number()),
        detail: v.optional(v.string()),
      }),
    ),
    retracts: v.optional(
      v.pipe(v.string(), v.description('retracted: the id of the alert whose event left the chain.')),
    ),
    suppressed: v.pipe(
      v.number(),
      v.description("Messages held back by the cooldown since this rule's previous message for the same key."),
    ),
    matches: v.optional(v.pipe(v.number(), v.description('With a threshold: the matches that made it fire.'))),
    dedupKey: v.optional(v.string()),
  }),
  v.description(
    'Added event `alert`: an alert rule fired, resolved or was retracted (the dashboard channel). The same object is the `alert` of a webhook body.',
  ),
);
export type AlertMessage = v.InferOutput<typeof AlertMessageSchema>;

// --- deliveries ------------------------------------------------------------------------------------

export const DELIVERY_STATUSES = ['held', 'pending', 'sending', 'retrying', 'delivered', 'dead', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const AlertDeliverySchema = v.object({
  id: v.pipe(
    v.string(),
    v.description(
      "Also the idempotency key every attempt carries (X-Aura-Idempotency-Key, the body's idempotencyKey).",
    ),
  ),
  alertId: v.string(),
  ruleId: v.string(),
  ruleName: v.string(),
  channelId: v.string(),
  channelName: v.string(),
  channelType: v.picklist(CHANNEL_TYPES),
  status: v.pipe(
    v.picklist(DELIVERY_STATUSES),
    v.description(
      'held: waiting for confirmations or finality; pending/retrying: queued; sending: claimed; delivered; dead: gave up after the most attempts; cancelled: its event left the chain before it was sent.',
    ),
  ),
  attempts: v.number(),
  lastError: v.nullable(v.string()),
  nextAttemptAt: v.nullable(v.string()),
  createdAt: v.string(),
  deliveredAt: v.nullable(v.string()),
  latencyMs: v.pipe(v.nullable(v.number()), v.description("From the alert being raised to the receiver's answer.")),
  message: AlertMessageSchema,
});
export type AlertDelivery = v.InferOutput<typeof AlertDeliverySchema>;

export const DryRunInputSchema = v.pipe(
  v.object({
    fromBlock: int(0, Number.MAX_SAFE_INTEGER, 'block'),
    toBlock: int(0, Number.MAX_SAFE_INTEGER, 'block'),
  }),
  v.check(
    (r) => r.toBlock >= r.fromBlock && r.toBlock - r.fromBlock <= 10_000,
    'toBlock must be ≥ fromBlock and at most 10,000 blocks above it',
  ),
);
