// The WebSocket client of the chaos campaign: MonitorClient (reconnect, resume) records every event
// frame, drops what `reorg` frames take back, and at the end is checked against the canonical chain:
// each canonical block's new_block, transactions and token events delivered exactly once.
import WebSocket from 'ws';

import { MonitorClient, type WebSocketLike } from '@aura/events';

type Row = Record<string, unknown>;

const EVENT_KINDS = new Set(['badge_minted', 'passport_issued', 'badge_revoked']);

export class StreamAudit {
  private client: MonitorClient | null = null;
  /** Deliveries of new_block per block hash. */
  private readonly blocks = new Map<string, { number: number; count: number }>();
  /** Deliveries per transaction hash and per token event (txHash:logIndex), with their block number. */
  private readonly events = new Map<string, { number: number; count: number }>();
  private highest = -1;
  /** The first block received: the audit covers the canonical chain from there on. */
  private first: number | null = null;
  frames = 0;
  reorgs = 0;

  connect(url: string): void {
    const client = new MonitorClient({ url, factory: (u) => new WebSocket(u) as unknown as WebSocketLike });
    client.on('*', (data, frame) => {
      this.frames++;
      const d = data as unknown as Row;
      if (frame.type === 'new_block') {
        this.count(this.blocks, String(d['hash']), Number(d['number']));
        this.first ??= Number(d['number']);
        this.highest = Math.max(this.highest, Number(d['number']));
      } else if (frame.type === 'new_transaction') {
        this.count(this.events, `tx:${String(d['hash'])}`, Number(d['blockNumber']));
      } else if (EVENT_KINDS.has(frame.type)) {
        this.count(this.events, `${String(d['txHash'])}:${String(d['logIndex'])}`, Number(d['blockNumber']));
      } else if (frame.type === 'reorg') {
        this.reorgs++;
        const ancestor = Number((d['commonAncestor'] as Row)['number']);
        // Everything above the ancestor is of the old branch: the new branch follows as new frames.
        for (const map of [this.blocks, this.events]) {
          for (const [key, v] of map) if (v.number > ancestor) map.delete(key);
        }
        this.highest = Math.min(this.highest, ancestor);
      }
    });
    client.connect();
    this.client = client;
  }

  close(): void {
    this.client?.close();
    this.client = null;
  }

  async waitForBlock(number: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.highest >= number) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  /** Compares what arrived with the canonical rows (a rebuild's blocks, transactions and events). */
  check(blocks: Row[], transactions: Row[], events: Row[]): { differences: string[]; counts: Record<string, number> } {
    const differences: string[] = [];
    const from = this.first ?? Infinity;
    const expect = (map: Map<string, { count: number }>, key: string, what: string) => {
      const got = map.get(key)?.count ?? 0;
      if (got !== 1) differences.push(`${what}: received ${got} times`);
      map.delete(key);
    };
    const blocksLeft = new Map(this.blocks);
    const eventsLeft = new Map(this.events);
    let canonical = 0;
    for (const b of blocks) {
      if (Number(b['number']) < from) continue;
      canonical++;
      expect(blocksLeft, String(b['hash']), `block ${String(b['number'])} (${String(b['hash'])})`);
    }
    for (const t of transactions) {
      if (Number(t['blockNumber']) < from) continue;
      expect(
        eventsLeft,
        `tx:${String(t['hash'])}`,
        `transaction ${String(t['hash'])} of block ${String(t['blockNumber'])}`,
      );
    }
    for (const e of events) {
      if (Number(e['blockNumber']) < from || !EVENT_KINDS.has(String(e['kind']))) continue;
      const key = `${String(e['txHash'])}:${String(e['logIndex'])}`;
      expect(eventsLeft, key, `${String(e['kind'])} ${key} of block ${String(e['blockNumber'])}`);
    }
    for (const [hash, v] of blocksLeft) differences.push(`block ${v.number} (${hash}) received but not canonical`);
    for (const [key, v] of eventsLeft) differences.push(`event ${key} of block ${v.number} received but not canonical`);
    return {
      differences,
      counts: {
        frames: this.frames,
        reorgFrames: this.reorgs,
        fromBlock: this.first ?? -1,
        canonicalBlocks: canonical,
      },
    };
  }

  private count(map: Map<string, { number: number; count: number }>, key: string, number: number): void {
    const entry = map.get(key);
    if (entry && entry.number === number) entry.count++;
    else map.set(key, { number, count: 1 });
  }
}
