// docs/asyncapi.yaml is generated from the frame definitions (and committed): it must equal what they
// give now, parse with no error in the official AsyncAPI parser, document every frame type, and each of
// its examples must pass the validators the server, the dashboard and the tests use. A changed field
// changes the check, the type and the document together.
import { readFileSync } from 'node:fs';

import { Parser } from '@asyncapi/parser';
import * as v from 'valibot';
import YAML from 'yaml';

import { parseClientMessage } from '../lib/client-frames';
import { NewBlockDataSchema, SERVER_EVENT_TYPES } from '../lib/server-frames';
import { createEventDataValidator, validateServerFrame } from '../lib/validators';
import { buildAsyncApi, WIRE_SCHEMAS } from './asyncapi-document';
import { ASYNCAPI_PATH, renderAsyncApi } from './render-asyncapi';

interface Message {
  name: string;
  examples?: { payload: unknown }[];
}
const committed = readFileSync(ASYNCAPI_PATH, 'utf8');
const doc = YAML.parse(committed);
const messages = doc.components.messages as Record<string, Message>;
const refName = (ref: string) => ref.split('/').pop() as string;
const received = (doc.operations.receiveEvents.messages as { $ref: string }[]).map((m) => refName(m.$ref));
const sent = (doc.operations.sendCommands.messages as { $ref: string }[]).map((m) => refName(m.$ref));

describe('docs/asyncapi.yaml', () => {
  it('is an AsyncAPI 3 document on /ws/monitor', () => {
    expect(doc.asyncapi).toMatch(/^3\./);
    expect(doc.channels.monitor.address).toBe('/ws/monitor');
  });

  it('documents exactly the server frame types of the shared lib', () => {
    expect([...received].sort()).toEqual([...SERVER_EVENT_TYPES].sort());
  });

  it('documents exactly the client messages the server accepts', () => {
    expect([...sent].sort()).toEqual(['ping', 'resume', 'subscribe', 'unsubscribe']);
  });

  it.each(received)('%s: has an example, and every example is a valid frame', (name) => {
    const m = messages[name] as Message;
    expect(m.name).toBe(name);
    expect(m.examples?.length).toBeGreaterThan(0);
    for (const ex of m.examples ?? []) {
      expect((ex.payload as { type: string }).type).toBe(name);
      expect(validateServerFrame(ex.payload)).toMatchObject({ ok: true });
    }
  });

  it.each(sent)('%s: every example is accepted by parseClientMessage', (name) => {
    for (const ex of (messages[name] as Message).examples ?? []) {
      expect(parseClientMessage(JSON.stringify(ex.payload))).toMatchObject({ ok: true, value: { type: name } });
    }
  });
});

describe('docs/asyncapi.yaml, generated', () => {
  it('equals what the definitions give (run `npx nx run events:asyncapi` after changing a frame)', () => {
    expect(committed).toBe(renderAsyncApi());
  });

  it('parses with no error in the official AsyncAPI parser', async () => {
    const { document, diagnostics } = await new Parser().parse(committed);
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    expect(document?.channels().get('monitor')?.address()).toBe('/ws/monitor');
  });

  it.each([
    [
      'new_block',
      { number: 'integer', hash: 'string', timestamp: 'integer', transactions: 'integer', gasUsed: 'integer' },
    ],
    ['new_transaction', { hash: 'string', from: 'string', to: 'string', value: 'string', timestamp: 'string' }],
    ['badge_minted', { txHash: 'string', address: 'string', blockNumber: 'integer' }],
    [
      'stats_update',
      { total_users: 'integer', total_badges: 'integer', total_passports: 'integer', recent_badges_24h: 'integer' },
    ],
  ])('keeps the seed shape of %s: exactly its fields required, with their types', (name, fields) => {
    const data = (
      messages[name] as unknown as {
        payload: { properties: { data: { required: string[]; properties: Record<string, { type: string }> } } };
      }
    ).payload.properties.data;
    expect(data.required).toEqual(Object.keys(fields));
    for (const [field, type] of Object.entries(fields)) expect(data.properties[field]?.type).toBe(type);
  });

  it('changes the check, the type and the document together when a field changes', () => {
    // gasUsed renamed to gas_used in the one definition of new_block.
    const { gasUsed, ...entries } = NewBlockDataSchema.pipe[0].entries;
    const renamed = v.object({ ...entries, gas_used: gasUsed });
    const schemas = { ...WIRE_SCHEMAS, server: { ...WIRE_SCHEMAS.server, new_block: renamed } };

    const changedDoc = buildAsyncApi(schemas) as {
      components: { messages: { new_block: { payload: { properties: { data: { required: string[] } } } } } };
    };
    const required = changedDoc.components.messages.new_block.payload.properties.data.required;
    expect(required).toContain('gas_used');
    expect(required).not.toContain('gasUsed');

    const check = createEventDataValidator({ new_block: renamed });
    const seedBlock = { number: 1, hash: '0xab', timestamp: 1, transactions: 0, gasUsed: 21000 };
    expect(check('new_block', seedBlock)).toEqual({ ok: false, errors: ['new_block.data.gas_used is required'] });
    const block: v.InferOutput<typeof renamed> = {
      number: 1,
      hash: '0xab',
      timestamp: 1,
      transactions: 0,
      gas_used: 1,
    };
    expect(check('new_block', block).ok).toBe(true);
    // @ts-expect-error the type follows the definition: gasUsed is no longer a field of it
    const stale: v.InferOutput<typeof renamed> = { number: 1, hash: '0xab', timestamp: 1, transactions: 0, gasUsed: 1 };
    expect(stale).toBeDefined();
  });
});
