import { randomBytes } from 'node:crypto';

import { Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import type { Subscription } from 'rxjs';
import { type RawData, WebSocket } from 'ws';

import {
  type BlockRefData,
  EVENT_TOPIC,
  parseClientMessage,
  PROTOCOL_VERSION,
  type ReorgData,
  type ServerEventMap,
  type ServerEventType,
  type SnapshotData,
  validateServerFrame,
} from '@aura/events';

import { ActivityReader } from '../activity/activity-reader.service';
import type { BlockBundle } from '../activity/activity-store.service';
import { AccessControl } from '../auth/access-control.service';
import { ANONYMOUS, type Principal } from '../auth/access-roles';
import { BlockFollower } from '../chain/block-follower.service';
import { type ChainEvent, ChainEvents } from '../chain/chain-events.service';
import { isDatabaseUnavailable } from '../common/database-errors';
import { SharedAnswers } from '../common/shared-answers';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import { MonitorMetrics } from '../metrics/monitor-metrics.service';
import { StatsService } from '../stats/stats.service';
import { type ClientFork, findClientFork } from './client-fork';
import type { AuthenticatedUpgrade } from './monitor-ws.adapter';
import { type PaceOutcome, REPLAY_CHUNK_FRAMES, sendPaced } from './paced-send';
import { backpressureAction, ReplayBuffer } from './replay-buffer';
import { SubscriptionIndex } from './subscription-index';
import { TrailingThrottle } from './trailing-throttle';
import { addressesOf, blockOf, type BroadcastFrame, framesForBlock, toStatsUpdate } from './wire-frames';

/** Inbound frames are tiny (subscribe, ping): anything larger is refused before it is parsed. */
export const MAX_INBOUND_BYTES = 4 * 1024;
/** Messages a client may send per second; more get a `rate_limited` error and are dropped. */
export const MAX_MESSAGES_PER_SECOND = 20;
const SNAPSHOT_CACHE_MS = 5_000;
/** Stored blocks read per query when replaying a `resume { fromBlock }` (bounded memory per read). */
export const REPLAY_BLOCKS_PER_READ = 100;
/**
 * Live blocks remembered per connection, so a replay does not send them again: only those sent between
 * the connect (or the last replay) and the resume being read matter, a short window; kept small because
 * it is per connection (64 numbers x MAX_CLIENTS).
 */
const LIVE_BLOCKS_REMEMBERED = 64;

/** A broadcast held for one client (while its snapshot or a replay is being sent). */
interface HeldFrame {
  payload: Buffer;
  /** Its block (null: stats, reorg, status): held frames of replayed blocks are not sent twice. */
  block: number | null;
}

/** The admin panel lists at most this many connections (the counts cover all of them). */
const MAX_CLIENTS_LISTED = 500;

export interface ClientsOverview {
  total: number;
  droppedFrames: number;
  slowClientsClosed: number;
  byCredential: { name: string; count: number }[];
  byIp: { ip: string; count: number }[];
  clients: {
    id: number;
    principal: { kind: string; name: string; role: string };
    ip: string;
    connectedAt: string;
    /** null: everything (no subscription sent). */
    topics: string[] | null;
    bufferedBytes: number;
  }[];
}

/** A replay by block stopped by a reorg above `ancestor` while it ran. */
class ReplayRewound extends Error {
  constructor(readonly ancestor: number) {
    super(`reorg above block ${ancestor} during a replay`);
  }
}

/** A random instance id per server process: `seq` numbers are meaningful only within one epoch. */
export function newEpoch(): string {
  return randomBytes(8).toString('hex');
}

interface ClientState {
  windowStart: number;
  messages: number;
  /** Answered the last heartbeat ping. */
  alive: boolean;
  /**
   * Broadcasts held until the snapshot is sent, so a client sees welcome, snapshot, then events; and
   * while a `resume { fromBlock }` replays, so live events follow the replayed ones in order.
   */
  pending: HeldFrame[] | null;
  /** Resolves once the snapshot (and what was held for it) went out. */
  ready: Promise<void>;
  /** The last seq broadcast before this client joined: later ones reached it live, so a resume never repeats them. */
  joinedAtSeq: number;
  /** A resume was accepted on this connection (one per connection: a replay is not free). */
  resumed: boolean;
  /** A `resume { fromBlock }` is being replayed. */
  replaying: boolean;
  /**
   * The last block replayed from the store on this connection: live frames of blocks up to it are not
   * sent again, and a later `resume { fromBlock }` must start above it (each block replayed once).
   */
  replayedUpTo: number | null;
  /** The lowest common ancestor of reorgs that happened while a replay by block ran (null: none). */
  replayRewoundTo: number | null;
  /** Who the connection acts as (AUTH_MODE=off: anonymous). */
  principal: Principal;
  /** For the admin panel: a number per connection, the client IP (as TRUST_PROXY resolves it), when. */
  id: number;
  ip: string;
  connectedAt: Date;
  /** Closes the connection when its credential expires (an API key's expiry, an access token's exp). */
  expiry: NodeJS.Timeout | null;
  /** Blocks whose frames went out live lately (the last LIVE_BLOCKS_REMEMBERED): a replay skips them. */
  liveBlocks: Set<number>;
}

/**
 * /ws/monitor on the API's own HTTP server. Broadcasts what ingestion publishes in the seed's
 * `{ type, data }` frames plus `seq` (monotonic per server process), `epoch` (that process's random id)
 * and `ts`. Each broadcast is serialized
 * once, and its recipients come from a subscription index, not from a scan of every client's filters.
 */
@WebSocketGateway({ path: '/ws/monitor', maxPayload: MAX_INBOUND_BYTES, perMessageDeflate: false })
export class MonitorGateway implements OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MonitorGateway.name);
  private subscription: Subscription | null = null;
  private revocations: Subscription | null = null;
  private readonly clients = new Map<WebSocket, ClientState>();
  private readonly index = new SubscriptionIndex<WebSocket>();
  private seq = 0;
  private connectionNumber = 0;
  /** This process's instance id, in welcome and on every broadcast frame. */
  readonly epoch = newEpoch();
  private readonly replay: ReplayBuffer;
  /** One snapshot shared by every connection while nothing new was broadcast (at most 5 s old). */
  private readonly snapshots = new SharedAnswers<SnapshotData>(SNAPSHOT_CACHE_MS, 1);
  private lastSnapshotError: string | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** Frames not sent to slow consumers, and clients closed for being too slow (for health/metrics). */
  droppedFrames = 0;
  slowClientsClosed = 0;
  /** Resumes refused because the connection had already resumed. */
  resumesRefused = 0;
  /** stats_update at most once per STATS_INTERVAL_MS, and only when the figures changed. */
  private readonly statsThrottle: TrailingThrottle;
  private lastStatsPayload: string | null = null;

  constructor(
    private readonly chainEvents: ChainEvents,
    private readonly stats: StatsService,
    private readonly recent: ActivityReader,
    private readonly follower: BlockFollower,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MonitorMetrics,
    private readonly access: AccessControl,
  ) {
    this.replay = new ReplayBuffer(config.replayBufferSize);
    this.statsThrottle = new TrailingThrottle(config.statsIntervalMs, () => void this.broadcastStats());
  }

  onModuleInit(): void {
    // A revoked key's sockets are closed at once (1008: policy), not at their next message.
    this.revocations = this.access.revocations.subscribe((id) => this.closeSocketsOf(id));
    this.subscription = this.chainEvents.events$.subscribe((event) => void this.onChainEvent(event));
    this.metrics.watchWsClients(() => this.clients.size);
    // A client that did not answer the previous ping is gone (a dead network path sends no close).
    this.heartbeat = setInterval(() => {
      for (const [client, state] of this.clients) {
        if (!state.alive) {
          client.terminate();
          continue;
        }
        state.alive = false;
        client.ping();
      }
    }, this.config.wsHeartbeatMs);
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.revocations?.unsubscribe();
    this.statsThrottle.cancel();
    if (this.heartbeat) clearInterval(this.heartbeat);
    // 1001 "going away": clients reconnect elsewhere or later.
    for (const client of this.clients.keys()) client.close(1001, 'server shutting down');
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** The connected clients for the admin panel: who, from where, since when, what they receive, what waits. */
  clientsOverview(): ClientsOverview {
    const byCredential = new Map<string, number>();
    const byIp = new Map<string, number>();
    const clients: ClientsOverview['clients'] = [];
    for (const [client, state] of this.clients) {
      const { kind, name, role } = state.principal;
      byCredential.set(name, (byCredential.get(name) ?? 0) + 1);
      byIp.set(state.ip, (byIp.get(state.ip) ?? 0) + 1);
      const topics = this.index.topicsOf(client);
      clients.push({
        id: state.id,
        principal: { kind, name, role },
        ip: state.ip,
        connectedAt: state.connectedAt.toISOString(),
        topics: topics === 'all' ? null : topics,
        bufferedBytes: client.bufferedAmount,
      });
    }
    const counts = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
    return {
      total: this.clients.size,
      droppedFrames: this.droppedFrames,
      slowClientsClosed: this.slowClientsClosed,
      byCredential: counts(byCredential).map(([name, count]) => ({ name, count })),
      byIp: counts(byIp).map(([ip, count]) => ({ ip, count })),
      clients: clients.slice(0, MAX_CLIENTS_LISTED),
    };
  }

  /** A connection whose credential expired: closed like a revoked one (1008), the client signs in again. */
  private closeExpired(client: WebSocket): void {
    if (!this.clients.has(client)) return;
    this.clients.delete(client);
    this.index.remove(client);
    client.close(1008, 'credential expired');
    setTimeout(() => client.terminate(), 1_000).unref();
  }

  /** Closes every connection that authenticated with the key `id`; returns how many. */
  closeSocketsOf(id: string): number {
    let closed = 0;
    for (const [client, state] of this.clients) {
      if (state.principal.id !== id) continue;
      closed++;
      this.clients.delete(client);
      this.index.remove(client);
      client.close(1008, 'API key revoked');
      setTimeout(() => client.terminate(), 1_000).unref();
    }
    if (closed) this.logger.log(`closed ${closed} WebSocket connection(s) of a revoked API key`);
    return closed;
  }

  async handleConnection(client: WebSocket, req?: AuthenticatedUpgrade): Promise<void> {
    let markReady = () => undefined as void;
    const state: ClientState = {
      principal: req?.auraPrincipal ?? ANONYMOUS,
      id: ++this.connectionNumber,
      ip: req?.auraClientIp ?? req?.socket.remoteAddress ?? 'unknown',
      connectedAt: new Date(),
      expiry: null,
      windowStart: Date.now(),
      messages: 0,
      alive: true,
      pending: [],
      ready: new Promise<void>((resolve) => (markReady = resolve)),
      joinedAtSeq: this.seq,
      resumed: false,
      replaying: false,
      replayedUpTo: null,
      replayRewoundTo: null,
      liveBlocks: new Set(),
    };
    this.clients.set(client, state);
    this.index.add(client);
    const expiresAt = state.principal.expiresAt;
    // setTimeout holds at most ~24.8 days: a credential expiring later is checked again on reconnect.
    if (expiresAt != null && expiresAt - Date.now() < 2 ** 31 - 1) {
      state.expiry = setTimeout(() => this.closeExpired(client), Math.max(0, expiresAt - Date.now()));
      state.expiry.unref();
    }
    client.on('pong', () => (state.alive = true));
    client.on('message', (raw: RawData, isBinary: boolean) => this.onClientMessage(client, raw, isBinary));
    const status = this.follower.status();
    this.sendTo(client, 'welcome', {
      protocolVersion: PROTOCOL_VERSION,
      serverTime: new Date().toISOString(),
      chainId: status.chainId,
      head: status.head,
      lastSeq: this.seq,
      epoch: this.epoch,
      oldestSeq: this.replay.oldestSeq,
    });
    await this.sendSnapshot(client);
    // A resume by block asked for meanwhile keeps holding them: they follow its replay, in order.
    if (!state.replaying) {
      const held = state.pending ?? [];
      state.pending = null;
      for (const f of held) {
        if (client.readyState !== WebSocket.OPEN) break;
        client.send(f.payload, { binary: false });
        if (f.block !== null) rememberLive(state.liveBlocks, f.block);
      }
    }
    markReady();
  }

  private async sendSnapshot(client: WebSocket): Promise<void> {
    try {
      this.sendTo(client, 'snapshot', await this.currentSnapshot());
      this.lastSnapshotError = null;
    } catch (err) {
      // The driver's message names the database host: the client gets a plain reason, the log the detail
      // (once per distinct error: a reconnect storm during an outage would repeat it thousands of times).
      const detail = (err as Error)?.message ?? String(err);
      if (detail !== this.lastSnapshotError) this.logger.warn(`snapshot unavailable: ${detail}`);
      this.lastSnapshotError = detail;
      this.sendTo(client, 'error', {
        code: 'snapshot_unavailable',
        reason: `no snapshot now (${isDatabaseUnavailable(err) ? 'the database is not reachable' : 'internal error'}); live events follow`,
      });
    }
  }

  /**
   * Thousands of clients connecting at once (a deploy, a network blip) must not each query the
   * database: they share one snapshot until the next broadcast changes what it would show.
   */
  private currentSnapshot(): Promise<SnapshotData> {
    const { blocks, transactions, badges } = this.config.snapshot;
    // Keyed by the last seq broadcast: a broadcast makes a new key, and the one kept answer goes.
    return this.snapshots.get(String(this.seq), Date.now(), () =>
      Promise.all([
        this.stats.current(),
        this.recent.blocksNewestFirst(blocks),
        this.recent.transactionsNewestFirst(transactions),
        this.recent.badgesNewestFirst(badges),
      ]).then(([s, recentBlocks, recentTxs, recentBadges]) => ({
        stats: toStatsUpdate(s),
        blocks: recentBlocks,
        transactions: recentTxs,
        badges: recentBadges,
      })),
    );
  }

  handleDisconnect(client: WebSocket): void {
    const state = this.clients.get(client);
    if (state?.expiry) clearTimeout(state.expiry);
    this.clients.delete(client);
    this.index.remove(client);
  }

  private onClientMessage(client: WebSocket, raw: RawData, isBinary: boolean): void {
    const state = this.clients.get(client);
    if (!state) return;
    const now = Date.now();
    if (now - state.windowStart >= 1_000) {
      state.windowStart = now;
      state.messages = 0;
    }
    if (++state.messages > MAX_MESSAGES_PER_SECOND) {
      if (state.messages === MAX_MESSAGES_PER_SECOND + 1) {
        this.sendTo(client, 'error', {
          code: 'rate_limited',
          reason: `more than ${MAX_MESSAGES_PER_SECOND} messages per second: dropped until the next second`,
        });
      }
      return;
    }
    if (isBinary)
      return this.sendTo(client, 'error', {
        code: 'bad_json',
        reason: 'binary frames are not accepted: send JSON text',
      });
    const parsed = parseClientMessage(raw.toString());
    if (!parsed.ok) return this.sendTo(client, 'error', { code: parsed.code, reason: parsed.reason });
    const message = parsed.value;
    switch (message.type) {
      case 'ping':
        return this.sendTo(client, 'pong', { ts: new Date().toISOString() });
      case 'subscribe':
        return this.index.subscribe(client, message.data.topics, message.data.filters ?? null);
      case 'unsubscribe':
        return this.index.unsubscribe(client, message.data.topics);
      case 'resume':
        if ('fromBlock' in message.data)
          return void this.resumeFromBlock(client, message.data.fromBlock, message.data.recentBlocks ?? []);
        return this.resume(client, message.data.lastSeq, message.data.epoch);
    }
  }

  /**
   * Sends the client's missed events exactly as they went out live, or a new snapshot if too old.
   * Only events from before this connection: the ones after it were already sent live (possibly
   * just before this resume was read), so each seq reaches the client once. One resume per connection,
   * replayed in chunks as the client drains (sendPaced): a client cannot make the server replay the
   * buffer again and again, nor buffer for it beyond the soft limit.
   */
  private resume(client: WebSocket, lastSeq: number, epoch: string | undefined): void {
    const state = this.clients.get(client);
    if (!state) return;
    if (state.resumed || state.replaying) return this.refuseResume(client);
    state.resumed = true;
    // A seq of another server process names other events: those cannot be replayed from here.
    const missed = epoch !== undefined && epoch !== this.epoch ? null : this.replay.since(lastSeq, this.seq);
    if (missed === null) {
      void this.sendSnapshot(client);
      return;
    }
    const payloads: Buffer[] = [];
    for (const f of missed) {
      if (f.seq > state.joinedAtSeq) break;
      if (this.index.matches(client, f.topic, f.addresses, f.valueWei)) payloads.push(f.payload);
    }
    void this.replayPaced(client, payloads);
  }

  private refuseResume(client: WebSocket, reason?: string): void {
    this.resumesRefused++;
    this.sendTo(client, 'error', {
      code: 'resume_refused',
      reason: reason ?? 'one resume per connection: this one has resumed already (reconnect to resume again)',
    });
  }

  /**
   * Replays, in order, the events of the stored blocks from `fromBlock` up to the stored head (read
   * REPLAY_BLOCKS_PER_READ blocks at a time, sent as the client drains), exactly the frames a live
   * client got for them, filtered by its subscriptions and marked `replay: true` (no seq), then a
   * `sync_status` marked `replay: true` that ends it. Live broadcasts are held meanwhile, then sent
   * unless their block was replayed; blocks stored while it runs are read too (the head is read again at
   * the end). Blocks already sent on this connection (live, or by an earlier replay) are not sent again.
   * When some of the client's `recentBlocks` are no longer stored (a reorg it missed while away), a
   * `reorg` frame (replay: true) down to the newest one still stored comes first, and the replay starts
   * above that ancestor. A reorg while it runs stops it with `resume_failed` (the client asks again).
   */
  private async resumeFromBlock(client: WebSocket, fromBlock: number, recentBlocks: BlockRefData[]): Promise<void> {
    const state = this.clients.get(client);
    if (!state) return;
    if (state.replaying) return this.refuseResume(client, 'a resume is being replayed on this connection');
    state.resumed = true;
    state.replaying = true;
    state.replayRewoundTo = null;
    await state.ready;
    if (this.clients.get(client) !== state) return;
    state.pending ??= [];
    let replayedUpTo = fromBlock - 1;
    let completed = false;
    try {
      const fork = await findClientFork(recentBlocks, async (ref) => {
        const stored = await this.recent.blockByHash(ref.hash);
        return stored !== null && stored.number === ref.number;
      });
      if (fork) {
        const reorg = await this.replayedReorg(fork);
        if (reorg) {
          const ancestor = reorg.commonAncestor.number;
          this.sendTo(client, 'reorg', reorg, { replay: true });
          replayedUpTo = Math.min(replayedUpTo, ancestor);
          if (state.replayedUpTo !== null && state.replayedUpTo > ancestor) state.replayedUpTo = ancestor;
          for (const n of state.liveBlocks) if (n > ancestor) state.liveBlocks.delete(n);
        }
      }
      // Each stored block is read at most once per connection: what an earlier replay sent is skipped.
      if (state.replayedUpTo !== null) replayedUpTo = Math.max(replayedUpTo, state.replayedUpTo);
      let head = await this.recent.storedHeadNumber();
      // A client ahead of this store (another database, a restored one) has nothing to replay here; it
      // must not be recorded as having been sent blocks this store has not stored (their live frames
      // would then be held back from it).
      replayedUpTo = Math.min(replayedUpTo, head ?? -1);
      const max = this.config.resumeMaxBlocks;
      if (head !== null && head - replayedUpTo > max) {
        this.sendTo(client, 'error', {
          code: 'resume_too_old',
          reason: `fromBlock ${fromBlock} is more than ${max} blocks below the stored head ${head}: read older blocks over REST (GET /api/monitor/activity), then resume from a later block`,
        });
        return;
      }
      while (head !== null && replayedUpTo < head) {
        const to = Math.min(head, replayedUpTo + REPLAY_BLOCKS_PER_READ);
        const bundles = await this.recent.bundlesInRange(replayedUpTo + 1, to);
        if (this.clients.get(client) !== state) return;
        // A reorg since the read began: what was read may be of the old branch (its reorg frame is held).
        if (state.replayRewoundTo !== null) throw new ReplayRewound(state.replayRewoundTo);
        const outcome = await this.replayPaced(client, this.replayPayloads(client, state, bundles));
        if (outcome !== 'done') return;
        replayedUpTo = to;
        // Blocks stored while this ran: their live frames are held (or come later), the store has them.
        if (replayedUpTo >= head) head = await this.recent.storedHeadNumber();
      }
      if (state.replayRewoundTo !== null) throw new ReplayRewound(state.replayRewoundTo);
      completed = true;
    } catch (err) {
      if (err instanceof ReplayRewound) replayedUpTo = Math.min(replayedUpTo, err.ancestor);
      else this.logger.warn(`resume from block ${fromBlock} stopped: ${(err as Error)?.message ?? String(err)}`);
      const why =
        err instanceof ReplayRewound
          ? `a reorg replaced the blocks above ${err.ancestor} meanwhile`
          : isDatabaseUnavailable(err)
            ? 'the database is not reachable'
            : 'internal error';
      this.sendTo(client, 'error', {
        code: 'resume_failed',
        reason: `replay stopped after block ${replayedUpTo} (${why}): resume from block ${replayedUpTo + 1}`,
      });
    } finally {
      const rewound = state.replayRewoundTo;
      state.replayedUpTo = Math.max(state.replayedUpTo ?? -1, replayedUpTo);
      if (rewound !== null && state.replayedUpTo > rewound) state.replayedUpTo = rewound;
      if (completed && this.clients.get(client) === state) this.sendReplayEnd(client, state.replayedUpTo);
      await this.releaseHeld(client, state);
      state.replaying = false;
      state.replayRewoundTo = null;
    }
  }

  /** Ends a replay by block: a `sync_status` for this client only, through the last block replayed. */
  private sendReplayEnd(client: WebSocket, through: number): void {
    const chainHead = this.follower.status().head;
    const head = Math.max(through, chainHead ?? through);
    this.sendTo(
      client,
      'sync_status',
      { state: 'live', head, processed: through, lagBlocks: head - through, blocksPerSecond: null, etaSeconds: null },
      { replay: true },
    );
  }

  /**
   * The reorg frame a client that missed one gets: down to the newest of its blocks still stored. Its
   * `removed` counts only the client's blocks (the rows removed from the store were counted when it
   * happened; this client's share of them is not known here). Null when the store cannot tell.
   */
  private async replayedReorg(fork: ClientFork): Promise<ReorgData | null> {
    const oldHead = fork.stale[0];
    const oldest = fork.stale.at(-1);
    if (!oldHead || !oldest) return null;
    let ancestor = fork.ancestor;
    if (ancestor === null) {
      // None of the client's blocks is stored: assume the fork just below the oldest it sent.
      const below = oldest.number - 1;
      const [stored] = below >= 0 ? await this.recent.bundlesInRange(below, below) : [];
      if (!stored) return null;
      ancestor = { number: stored.block.number, hash: stored.block.hash };
    }
    const [next] = await this.recent.bundlesInRange(ancestor.number + 1, ancestor.number + 1);
    return {
      commonAncestor: ancestor,
      oldHead,
      newHead: next ? { number: next.block.number, hash: next.block.hash } : ancestor,
      depth: oldHead.number - ancestor.number,
      removed: {
        blocks: fork.stale.length,
        transactions: 0,
        badges_minted: 0,
        passports_issued: 0,
        badges_revoked: 0,
        blockHashes: fork.stale.map((b) => b.hash),
      },
    };
  }

  /** The frames of replayed blocks for one client: its subscriptions, `replay: true`, no seq. */
  private replayPayloads(client: WebSocket, state: ClientState, bundles: readonly BlockBundle[]): Buffer[] {
    const payloads: Buffer[] = [];
    for (const bundle of bundles) {
      if (state.liveBlocks.has(bundle.block.number)) continue;
      for (const frame of framesForBlock(bundle)) {
        if (!validateServerFrame(frame).ok) continue;
        const value = frame.type === 'new_transaction' ? BigInt(frame.data.value) : null;
        if (!this.index.matches(client, EVENT_TOPIC[frame.type], addressesOf(frame), value)) continue;
        payloads.push(
          Buffer.from(
            JSON.stringify({
              type: frame.type,
              data: frame.data,
              epoch: this.epoch,
              replay: true,
              ts: new Date().toISOString(),
            }),
          ),
        );
      }
    }
    return payloads;
  }

  /** Sends what was held during a replay, in order, except frames of blocks the replay covered. */
  private async releaseHeld(client: WebSocket, state: ClientState): Promise<void> {
    for (;;) {
      const held = state.pending ?? [];
      if (!held.length || this.clients.get(client) !== state) break;
      state.pending = [];
      const upTo = state.replayedUpTo ?? -1;
      const fresh = held.filter((f) => f.block === null || f.block > upTo);
      for (const f of fresh) if (f.block !== null) rememberLive(state.liveBlocks, f.block);
      if (
        (await this.replayPaced(
          client,
          fresh.map((f) => f.payload),
        )) !== 'done'
      )
        break;
    }
    state.pending = null;
  }

  /** Sends a replay as the client drains; one that stays above the soft limit for a heartbeat period is too slow. */
  private async replayPaced(client: WebSocket, payloads: Iterable<Buffer>): Promise<PaceOutcome> {
    const outcome = await sendPaced(client, payloads, {
      softBytes: this.config.wsSoftBufferBytes,
      chunkFrames: REPLAY_CHUNK_FRAMES,
      drainTimeoutMs: this.config.wsHeartbeatMs,
    });
    if (outcome === 'stalled' && this.clients.has(client)) this.closeSlowClient(client);
    return outcome;
  }

  private async onChainEvent(event: ChainEvent): Promise<void> {
    switch (event.kind) {
      case 'block_ingested': {
        // History stored while catching up is not replayed as live frames: sync_status reports it.
        if (!event.live) return;
        for (const frame of framesForBlock(event.bundle)) this.broadcast(frame);
        const { transactions, tokenEvents } = event.bundle;
        if (transactions.length || tokenEvents.length) this.statsThrottle.request();
        return;
      }
      case 'reorg': {
        // Blocks above the ancestor were replaced: their new versions are new to every client.
        const ancestor = event.reorg.commonAncestor.number;
        for (const state of this.clients.values()) {
          if (state.replaying) state.replayRewoundTo = Math.min(state.replayRewoundTo ?? ancestor, ancestor);
          if (state.replayedUpTo !== null && state.replayedUpTo > ancestor) state.replayedUpTo = ancestor;
          for (const n of state.liveBlocks) if (n > ancestor) state.liveBlocks.delete(n);
        }
        this.broadcast({ type: 'reorg', data: event.reorg });
        this.statsThrottle.request();
        return;
      }
      case 'sync_status':
        this.broadcast({ type: 'sync_status', data: event.status });
        if (event.status.state === 'live') this.statsThrottle.request();
        return;
    }
  }

  /** Sends the seed's four figures when they differ from the last stats_update sent. */
  private async broadcastStats(): Promise<void> {
    try {
      const data = toStatsUpdate(await this.stats.current());
      const payload = JSON.stringify(data);
      if (payload === this.lastStatsPayload) return;
      this.lastStatsPayload = payload;
      this.broadcast({ type: 'stats_update', data });
    } catch (err) {
      this.logger.warn(`stats_update skipped: ${(err as Error).message}`);
    }
  }

  /** Returns the number of clients it was sent to. */
  broadcast(frame: BroadcastFrame): number {
    const checked = validateServerFrame(frame);
    if (!checked.ok) {
      // A frame that breaks the public contract is a bug on our side: never send it.
      this.logger.error(`refusing to send an invalid ${frame.type} frame: ${checked.errors.join('; ')}`);
      return 0;
    }
    const seq = ++this.seq;
    const topic = EVENT_TOPIC[frame.type];
    const addresses = addressesOf(frame);
    const value = frame.type === 'new_transaction' ? BigInt(frame.data.value) : null;
    const block = blockOf(frame);
    // Serialized once: every recipient, and a later resume, gets these same bytes.
    const payload = Buffer.from(
      JSON.stringify({ type: frame.type, data: frame.data, seq, epoch: this.epoch, ts: new Date().toISOString() }),
    );
    this.replay.push({ seq, topic, addresses, valueWei: value, payload });
    if (!this.clients.size) return 0;
    const limits = { softBytes: this.config.wsSoftBufferBytes, hardBytes: this.config.wsMaxBufferBytes };
    let sent = 0;
    for (const client of this.index.recipients(topic, addresses, value)) {
      if (client.readyState !== WebSocket.OPEN) continue;
      const state = this.clients.get(client);
      const pending = state?.pending;
      if (pending) {
        // Its snapshot is being built (one query set, shared) or a replay runs: bounded by the replay buffer's size.
        if (pending.length < Math.max(1, this.config.replayBufferSize)) pending.push({ payload, block });
        else this.closeSlowClient(client);
        continue;
      }
      // Replayed from the store already (stored before the replay's last read, published after it).
      if (block !== null && state?.replayedUpTo != null && block <= state.replayedUpTo) continue;
      const action = backpressureAction(client.bufferedAmount, topic, limits);
      if (action === 'send') {
        client.send(payload, { binary: false });
        if (block !== null && state) rememberLive(state.liveBlocks, block);
        sent++;
      } else if (action === 'drop') this.droppedFrames++;
      else this.closeSlowClient(client);
    }
    this.metrics.eventsSent(frame.type, sent);
    return sent;
  }

  /** Memory must not grow with a client that does not read: 1013, then cut it off. */
  private closeSlowClient(client: WebSocket): void {
    this.slowClientsClosed++;
    this.clients.delete(client);
    this.index.remove(client);
    client.close(1013, 'too slow: reconnect and resume');
    // close() waits for the unsent buffer, which a stalled client never drains.
    setTimeout(() => client.terminate(), 1_000).unref();
  }

  /** One frame to one client; `replay` marks what a resume by block sends (with this process's epoch). */
  private sendTo<K extends ServerEventType>(
    client: WebSocket,
    type: K,
    data: ServerEventMap[K],
    marks?: { replay: true },
  ): void {
    if (client.readyState !== WebSocket.OPEN) return;
    const replay = marks ? { epoch: this.epoch, replay: true } : {};
    client.send(JSON.stringify({ type, data, ...replay, ts: new Date().toISOString() }));
    this.metrics.eventsSent(type, 1);
  }
}

/** Remembers a block sent live, forgetting the oldest beyond LIVE_BLOCKS_REMEMBERED. */
function rememberLive(blocks: Set<number>, block: number): void {
  if (blocks.has(block)) return;
  blocks.add(block);
  if (blocks.size > LIVE_BLOCKS_REMEMBERED) blocks.delete(blocks.values().next().value as number);
}
