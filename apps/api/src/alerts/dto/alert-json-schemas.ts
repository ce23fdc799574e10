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
  CHANNEL_SECRET_FIELDS,
  ChannelSchema,
  ChannelSettingsSchema,
  DELIVERY_STATUSES,
  DryRunInputSchema,
} from '@aura/events';

function schemaOf(schema: v.GenericSchema): SchemaObject {
  const json = toJsonSchema(schema, { errorMode: 'ignore' }) as Record<string, unknown>;
  delete json['$schema'];
  return json as SchemaObject;
}

/**
 * The JSON Schema of what a client sends: a field with a default may be left out (valibot's conversion
 * describes the output, where every such field is present).
 */
function inputSchemaOf(schema: v.GenericSchema): SchemaObject {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const o = Object.fromEntries(Object.entries(node).map(([k, value]) => [k, strip(value)])) as Record<
      string,
      unknown
    >;
    const props = o['properties'] as Record<string, { default?: unknown; description?: string }> | undefined;
    if (props && Array.isArray(o['required']))
      o['required'] = (o['required'] as string[]).filter((f) => props[f]?.default === undefined);
    // Said in words: generators (openapi-typescript) take a field with a default for one always present.
    for (const prop of Object.values(props ?? {})) {
      if (prop.default === undefined) continue;
      prop.description = `${prop.description ? `${prop.description} ` : ''}Default: ${JSON.stringify(prop.default)}.`;
      delete prop.default;
    }
    return o;
  };
  return strip(schemaOf(schema)) as SchemaObject;
}

const REF = (name: AlertSchemaName): SchemaObject => ({ $ref: `#/components/schemas/${name}` }) as SchemaObject;

const list = (key: string, item: SchemaObject, extra: Record<string, SchemaObject> = {}): SchemaObject => ({
  type: 'object',
  required: [key, ...Object.keys(extra)],
  properties: { [key]: { type: 'array', items: item }, ...extra },
});

/** The settings of PUT: a secret may be left out (or sent back masked) to keep it; previousSecret null ends a rotation. */
function updateSettings(): SchemaObject {
  const json = schemaOf(ChannelSettingsSchema) as { anyOf?: SchemaObject[] };
  const variants = (json.anyOf ?? []).map((variant) => {
    const props = (variant.properties ?? {}) as Record<string, SchemaObject>;
    const type = (props['type'] as { const?: string } | undefined)?.const as
      | keyof typeof CHANNEL_SECRET_FIELDS
      | undefined;
    const secrets = type ? CHANNEL_SECRET_FIELDS[type] : [];
    const properties = { ...props };
    if (properties['previousSecret'])
      properties['previousSecret'] = {
        ...properties['previousSecret'],
        nullable: true,
        description: 'null ends a rotation (only the new secret signs from then on); left out, it is kept.',
      };
    return { ...variant, properties, required: (variant.required ?? []).filter((f) => !secrets.includes(f)) };
  });
  return {
    anyOf: variants,
    description: 'As for creating one; a secret left out, or sent back masked, keeps its stored value.',
  };
}

/** Components of the OpenAPI document (swaggerConfig adds them), referred to by the alert routes. */
export const ALERT_SCHEMAS = {
  AlertRuleInput: inputSchemaOf(AlertRuleInputSchema),
  AlertRulePatch: inputSchemaOf(AlertRulePatchSchema),
  AlertRule: schemaOf(AlertRuleSchema),
  AlertRuleList: list('rules', { $ref: '#/components/schemas/AlertRule' } as SchemaObject),
  AlertChannelInput: {
    type: 'object',
    required: ['name', 'settings'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100 },
      settings: {
        ...schemaOf(ChannelSettingsSchema),
        description: 'By type. Secrets are write-only: answered masked.',
      },
    },
  } as SchemaObject,
  AlertChannelUpdate: {
    type: 'object',
    required: ['name', 'settings'],
    properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, settings: updateSettings() },
  } as SchemaObject,
  AlertChannel: schemaOf(ChannelSchema),
  AlertChannelList: list('channels', { $ref: '#/components/schemas/AlertChannel' } as SchemaObject),
  AlertMessage: schemaOf(AlertMessageSchema),
  AlertDelivery: schemaOf(AlertDeliverySchema),
  AlertDeliveryPage: list('deliveries', { $ref: '#/components/schemas/AlertDelivery' } as SchemaObject, {
    next: { type: 'string', nullable: true, description: 'Pass as `before` for older deliveries; null at the end.' },
  }),
  AlertTestResult: {
    type: 'object',
    required: ['alertId', 'deliveries'],
    properties: {
      alertId: { type: 'string' },
      deliveries: { type: 'array', items: { $ref: '#/components/schemas/AlertDelivery' } },
    },
  } as SchemaObject,
  AlertingStatus: {
    type: 'object',
    required: ['instance', 'leader', 'rules', 'evaluator', 'deliveries'],
    properties: {
      instance: {
        type: 'string',
        description: 'This process (host:pid:random): it claims deliveries under this name.',
      },
      leader: { type: 'boolean', description: 'Whether this process runs the evaluator and the health watcher.' },
      rules: {
        type: 'object',
        required: ['total', 'enabled'],
        properties: { total: { type: 'integer' }, enabled: { type: 'integer' } },
      },
      evaluator: {
        type: 'object',
        required: ['checkpoint', 'storedHead', 'lagBlocks', 'lastError'],
        properties: {
          checkpoint: { type: 'integer', nullable: true, description: 'The last block the evaluator looked at.' },
          storedHead: { type: 'integer', nullable: true },
          lagBlocks: { type: 'integer', nullable: true, description: 'Stored blocks not evaluated yet.' },
          lastError: { type: 'string', nullable: true },
        },
      },
      deliveries: {
        type: 'object',
        description: 'Deliveries by status.',
        required: [...DELIVERY_STATUSES],
        properties: Object.fromEntries(DELIVERY_STATUSES.map((st) => [st, { type: 'integer' }])),
      },
    },
  } as SchemaObject,
  AlertDryRunInput: inputSchemaOf(DryRunInputSchema),
  AlertDryRunResult: {
    type: 'object',
    required: ['fromBlock', 'toBlock', 'blocks', 'messages'],
    properties: {
      fromBlock: { type: 'integer' },
      toBlock: { type: 'integer' },
      blocks: { type: 'integer', description: 'Stored blocks in the range that were evaluated.' },
      messages: {
        type: 'array',
        items: { $ref: '#/components/schemas/AlertMessage' },
        description: 'What the rule would have sent (cooldown and threshold applied).',
      },
    },
  } as SchemaObject,
} satisfies Record<string, SchemaObject>;
export type AlertSchemaName = keyof typeof ALERT_SCHEMAS;

export const RULE_INPUT_SCHEMA = REF('AlertRuleInput');
export const RULE_PATCH_SCHEMA = REF('AlertRulePatch');
export const RULE_SCHEMA = REF('AlertRule');
export const RULE_LIST_SCHEMA = REF('AlertRuleList');
export const CHANNEL_INPUT_SCHEMA = REF('AlertChannelInput');
export const CHANNEL_UPDATE_SCHEMA = REF('AlertChannelUpdate');
export const CHANNEL_SCHEMA = REF('AlertChannel');
export const CHANNEL_LIST_SCHEMA = REF('AlertChannelList');
export const DELIVERY_SCHEMA = REF('AlertDelivery');
export const DELIVERY_PAGE_SCHEMA = REF('AlertDeliveryPage');
export const TEST_RESULT_SCHEMA = REF('AlertTestResult');
export const DRY_RUN_INPUT_SCHEMA = REF('AlertDryRunInput');
export const DRY_RUN_RESULT_SCHEMA = REF('AlertDryRunResult');
export const STATUS_SCHEMA = REF('AlertingStatus');
