// docs/asyncapi.yaml and the shared types describe the same protocol: every frame type is documented,
// and every documented example passes the validators the server, the dashboard and the tests use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import YAML from 'yaml';

import { parseClientMessage } from './client-frames';
import { SERVER_EVENT_TYPES } from './server-frames';
import { validateServerFrame } from './validators';

interface Message {
  name: string;
  examples?: { payload: unknown }[];
}
const doc = YAML.parse(readFileSync(join(__dirname, '../../../../docs/asyncapi.yaml'), 'utf8'));
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
