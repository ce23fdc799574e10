import {
  BadRequestException,
  Injectable,
  Logger,
  NotFoundException,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { Subject } from 'rxjs';
import * as v from 'valibot';

import {
  type AlertRule,
  AlertRuleInputSchema,
  AlertRulePatchSchema,
  type AlertRuleSpec,
  describeIssues,
} from '@aura/events';

import { ActivityStore } from '../activity/activity-store.service';
import { ChainRpc } from '../chain/chain-rpc.service';
import { AlertChannels } from './alert-channels.service';
import { newId } from './alert-id';
import { RuleIndex } from './rule-index';
import { AlertStore } from './store/alert-store.service';
import type { AlertRuleRecord } from './store/schemas/alert-rule.schema';

/** How often the rule-change token is read (another process may have changed the rules). */
const RELOAD_MS = 5_000;
/**
 * All rules are read again at least this often even with the token unchanged (a rule edited in the
 * database by hand). Reading 1,000 rules costs FerretDB about a CPU second, so not every RELOAD_MS.
 */
const FULL_RELOAD_MS = 600_000;
/** Most rules kept (the index and the panel stay responsive well past this). */
export const MAX_RULES = 5_000;

/**
 * The alert rules: validated (one schema, libs/events), stored, and held in memory with their index for
 * the evaluator. `changes$` tells the evaluator and the health watcher to forget a rule's state.
 */
@Injectable()
export class AlertRules implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AlertRules.name);
  private rules: AlertRule[] = [];
  private byId = new Map<string, AlertRule>();
  private indexCache: RuleIndex | null = null;
  private loadedAt = 0;
  /** The rule-change token the rules in memory were read after (undefined: not read yet). */
  private seenVersion: string | null | undefined = undefined;
  private timer: NodeJS.Timeout | null = null;
  private readonly changed = new Subject<string>();
  /** The id of each rule created, replaced or deleted here. */
  readonly changes$ = this.changed.asObservable();

  constructor(
    private readonly store: AlertStore,
    private readonly channels: AlertChannels,
    private readonly activity: ActivityStore,
    private readonly rpc: ChainRpc,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload().catch((err: unknown) =>
      this.logger.warn(`alert rules not loaded yet: ${(err as Error).message}`),
    );
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), RELOAD_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.changed.complete();
  }

  /** Reads every rule (the token first: a change made while reading leaves a newer token, read next time). */
  async reload(): Promise<void> {
    const version = await this.store.rulesVersion();
    const rows = await this.store.allRules();
    this.set(rows.map(toWire));
    this.seenVersion = version;
  }

  /** Reads the rules again if another process changed them since they were read (one small read if not). */
  async refresh(): Promise<void> {
    const stale = !this.loaded || Date.now() - this.loadedAt >= FULL_RELOAD_MS;
    if (stale || (await this.store.rulesVersion()) !== this.seenVersion) await this.reload();
  }

  private set(rules: AlertRule[]): void {
    this.rules = rules;
    this.byId = new Map(rules.map((r) => [r.id, r]));
    this.indexCache = null;
    this.loadedAt = Date.now();
  }

  /** The enabled rules' index (event conditions), rebuilt after a change. */
  index(): RuleIndex {
    this.indexCache ??= new RuleIndex(this.rules);
    return this.indexCache;
  }

  /** All rules as last read (the evaluator and the health watcher work from this). */
  current(): readonly AlertRule[] {
    return this.rules;
  }

  cached(id: string): AlertRule | undefined {
    return this.byId.get(id);
  }

  /** Whether the rules were read at least once (before that, an unknown rule id proves nothing). */
  get loaded(): boolean {
    return this.loadedAt > 0;
  }

  async list(): Promise<AlertRule[]> {
    await this.refresh();
    return [...this.rules];
  }

  async one(id: string): Promise<AlertRule> {
    await this.refresh();
    const rule = this.byId.get(id);
    if (!rule) throw new NotFoundException(`no alert rule ${id}`);
    return rule;
  }

  async create(body: unknown): Promise<AlertRule> {
    const spec = await this.parse(body);
    await this.refresh();
    if (this.rules.length >= MAX_RULES) throw new BadRequestException(`at most ${MAX_RULES} alert rules`);
    const now = new Date();
    // Events already stored were history when the rule was made: a dry run shows what it would have sent.
    const head = await this.activity.latestBlock();
    const record = toRecord(newId('rule'), spec, head?.number ?? -1, now, now);
    await this.store.putRule(record);
    await this.store.touchRulesVersion();
    this.logger.log(`alert rule ${record._id} "${record.name}" (${spec.condition.kind}) created`);
    return this.commit(record);
  }

  async replace(id: string, body: unknown): Promise<AlertRule> {
    const existing = await this.one(id);
    const spec = await this.parse(body);
    const record = toRecord(id, spec, existing.sinceBlock, new Date(existing.createdAt), new Date());
    await this.store.putRule(record);
    await this.store.touchRulesVersion();
    return this.commit(record);
  }

  async patch(id: string, body: unknown): Promise<AlertRule> {
    const existing = await this.one(id);
    const partial = v.safeParse(AlertRulePatchSchema, body);
    if (!partial.success) throw new BadRequestException(describeIssues('body', partial.issues).join('; '));
    const rest: Record<string, unknown> = { ...existing };
    for (const key of ['id', 'sinceBlock', 'createdAt', 'updatedAt']) delete rest[key];
    return this.replace(id, { ...rest, ...stripUndefined(body as Record<string, unknown>) });
  }

  async remove(id: string): Promise<void> {
    await this.one(id);
    await this.store.deleteRule(id);
    await this.store.touchRulesVersion();
    this.set(this.rules.filter((r) => r.id !== id));
    this.changed.next(id);
  }

  /** The rules that name a channel. */
  async usingChannel(channelId: string): Promise<string[]> {
    await this.refresh();
    return this.rules.filter((r) => r.channels.includes(channelId)).map((r) => r.id);
  }

  private commit(record: AlertRuleRecord): AlertRule {
    const wire = toWire(record);
    const rest = this.rules.filter((r) => r.id !== wire.id);
    this.set([...rest, wire]);
    this.changed.next(wire.id);
    return wire;
  }

  private async parse(body: unknown): Promise<AlertRuleSpec> {
    const parsed = v.safeParse(AlertRuleInputSchema, body);
    if (!parsed.success) throw new BadRequestException(describeIssues('body', parsed.issues).join('; '));
    const spec = parsed.output;
    for (const [i, id] of spec.channels.entries()) {
      if (!(await this.channels.get(id))) {
        await this.channels.reload();
        if (!this.channels.cached(id)) throw new BadRequestException(`body.channels[${i}] names no channel (${id})`);
      }
    }
    const condition = spec.condition;
    if (condition.kind === 'rpc_unhealthy' && condition.endpoint !== undefined) {
      // A misspelt name would watch nothing and never fire: refuse it while the operator is looking.
      const names = this.rpc.endpoints().map((e) => e.name);
      if (!names.includes(condition.endpoint))
        throw new BadRequestException(
          `body.condition.endpoint names no configured RPC endpoint (${condition.endpoint}); configured: ${names.join(', ')}`,
        );
    }
    return spec;
  }
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined));
}

function toRecord(
  id: string,
  spec: AlertRuleSpec,
  sinceBlock: number,
  createdAt: Date,
  updatedAt: Date,
): AlertRuleRecord {
  return {
    _id: id,
    name: spec.name,
    enabled: spec.enabled,
    severity: spec.severity,
    condition: spec.condition,
    channels: spec.channels,
    cooldownSeconds: spec.cooldownSeconds,
    dedupBy: spec.dedupBy,
    threshold: spec.threshold ?? null,
    delivery: spec.delivery,
    sinceBlock,
    createdAt,
    updatedAt,
  };
}

export function toWire(r: AlertRuleRecord): AlertRule {
  return {
    id: r._id,
    name: r.name,
    enabled: r.enabled,
    severity: r.severity,
    condition: r.condition,
    channels: r.channels,
    cooldownSeconds: r.cooldownSeconds,
    dedupBy: r.dedupBy,
    ...(r.threshold ? { threshold: r.threshold } : {}),
    delivery: r.delivery,
    sinceBlock: r.sinceBlock,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}
