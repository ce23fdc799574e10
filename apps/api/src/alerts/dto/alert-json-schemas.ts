// The alerting API's OpenAPI schemas, made from the valibot schemas of libs/events (the one definition
// that also checks the bodies), not written again as DTO classes.
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';

import {
  AlertDeliverySchema,
  AlertMessageSchema,
  AlertRuleInputSchema,
  AlertRulePatchSchema,
  AlertRuleSchema,
  ChannelSchema,
  ChannelSettingsSchema,
  DryRunInputSchema,
} from '@aura/events';

function schemaOf(schema: v.GenericSchema): SchemaObject {
  const json = toJsonSchema(schema, { errorMode: 'ignore' }) as Record<string, unknown>;
  delete json['$schema'];
  return json as SchemaObject;
}

const list = (key: string, item: SchemaObject, extra: Record<string, SchemaObject> = {}): SchemaObject => ({
  type: 'object',
  required: [key, ...Object.keys(extra)],
  properties: { [key]: { type: 'array', items: item }, ...extra },
});

export const RULE_INPUT_SCHEMA = schemaOf(AlertRuleInputSchema);
export const RULE_PATCH_SCHEMA = schemaOf(AlertRulePatchSchema);
export const RULE_SCHEMA = schemaOf(AlertRuleSchema);
export const RULE_LIST_SCHEMA = list('rules', RULE_SCHEMA);
export const CHANNEL_INPUT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['name', 'settings'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    settings: {
      ...schemaOf(ChannelSettingsSchema),
      description:
        'By type. Secrets are write-only: answered masked; on PUT a secret left out (or sent back masked) keeps its value.',
    },
  },
};
export const CHANNEL_SCHEMA = schemaOf(ChannelSchema);
export const CHANNEL_LIST_SCHEMA = list('channels', CHANNEL_SCHEMA);
export const MESSAGE_SCHEMA = schemaOf(AlertMessageSchema);
export const DELIVERY_SCHEMA = schemaOf(AlertDeliverySchema);
export const DELIVERY_PAGE_SCHEMA = list('deliveries', DELIVERY_SCHEMA, {
  next: { type: 'string', nullable: true, description: 'Pass as `before` for older deliveries; null at the end.' },
});
export const TEST_RESULT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['alertId', 'deliveries'],
  properties: { alertId: { type: 'string' }, deliveries: { type: 'array', items: DELIVERY_SCHEMA } },
};
export const DRY_RUN_INPUT_SCHEMA = schemaOf(DryRunInputSchema);
export const DRY_RUN_RESULT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['fromBlock', 'toBlock', 'blocks', 'messages'],
  properties: {
    fromBlock: { type: 'integer' },
    toBlock: { type: 'integer' },
    blocks: { type: 'integer', description: 'Stored blocks in the range that were evaluated.' },
    messages: {
      type: 'array',
      items: MESSAGE_SCHEMA,
      description: 'What the rule would have sent (cooldown and threshold applied).',
    },
  },
};
