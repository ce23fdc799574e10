// Keeps the local chain busy with what the monitor watches: badge mints to new and returning
// addresses, passport issues, plain value transfers and occasional revocations.
import { Contract, type InterfaceAbi, JsonRpcProvider, NonceManager, parseEther, Wallet } from 'ethers';

import { AURA_BADGE, AURA_PASSPORT } from '@aura/contracts';

import { DEV_KEYS } from './deploy';

export type TrafficAction = 'mint' | 'passport' | 'transfer' | 'revoke';

export interface TrafficOptions {
  rpcUrl: string;
  badge: string;
  passport: string;
  /** One action every intervalMs. */
  intervalMs: number;
  /** Relative weights of the actions. */
  weights: Record<TrafficAction, number>;
  log?: (line: string) => void;
}

/** Parses "mint:5,passport:2,transfer:3,revoke:1"; unknown names or bad numbers throw. */
export function parseWeights(text: string): Record<TrafficAction, number> {
  const weights: Record<TrafficAction, number> = { mint: 0, passport: 0, transfer: 0, revoke: 0 };
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, value] = part.split(':');
    if (!name || !(name in weights) || !/^\d+$/.test(value ?? '')) {
      throw new Error(
        `SIM_WEIGHTS: "${part}" must be action:weight with action one of ${Object.keys(weights).join(', ')}`,
      );
    }
    weights[name as TrafficAction] = Number(value);
  }
  return weights;
}

export function pickAction(weights: Record<TrafficAction, number>, random: number): TrafficAction | null {
  const entries = Object.entries(weights) as [TrafficAction, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  if (total <= 0) return null;
  let r = random * total;
  for (const [action, w] of entries) {
    if (r < w) return action;
    r -= w;
  }
  return entries[entries.length - 1]?.[0] ?? null;
}

export class TrafficSimulator {
  private timer: NodeJS.Timeout | null = null;
  private readonly provider: JsonRpcProvider;
  private readonly minter: NonceManager;
  private readonly payer: NonceManager;
  private readonly badge: Contract;
  private readonly passport: Contract;
  private readonly recipients: string[] = [];
  private readonly withPassport = new Set<string>();
  private readonly liveBadges: bigint[] = [];
  readonly counts: Record<TrafficAction, number> = { mint: 0, passport: 0, transfer: 0, revoke: 0 };

  constructor(private readonly options: TrafficOptions) {
    this.provider = new JsonRpcProvider(options.rpcUrl, undefined, {
      staticNetwork: true,
      polling: true,
      pollingInterval: 500,
    });
    this.minter = new NonceManager(new Wallet(DEV_KEYS[0], this.provider));
    this.payer = new NonceManager(new Wallet(DEV_KEYS[1], this.provider));
    this.badge = new Contract(options.badge, AURA_BADGE.abi as InterfaceAbi, this.minter);
    this.passport = new Contract(options.passport, AURA_PASSPORT.abi as InterfaceAbi, this.minter);
  }

  start(): void {
    this.timer = setInterval(() => void this.step(), this.options.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.provider.destroy();
  }

  /** A new address 2 times in 3, otherwise one that already holds a badge (a returning user). */
  private recipient(): string {
    if (this.recipients.length && Math.random() < 1 / 3) {
      return this.recipients[Math.floor(Math.random() * this.recipients.length)] as string;
    }
    const address = Wallet.createRandom().address;
    this.recipients.push(address);
    return address;
  }

  async step(action = pickAction(this.options.weights, Math.random())): Promise<void> {
    if (!action) return;
    try {
      if (action === 'mint') {
        const to = this.recipient();
        const tx = await this.badge.getFunction('mint')(to);
        void tx.wait().then((r: { logs: { topics: string[] }[] } | null) => {
          const id = r?.logs[0]?.topics[3];
          if (id) this.liveBadges.push(BigInt(id));
        });
      } else if (action === 'passport') {
        const to = Wallet.createRandom().address;
        if (this.withPassport.has(to)) return;
        this.withPassport.add(to);
        await this.passport.getFunction('issue')(to);
      } else if (action === 'transfer') {
        await this.payer.sendTransaction({ to: this.recipient(), value: parseEther((Math.random() / 10).toFixed(6)) });
      } else {
        const index = Math.floor(Math.random() * this.liveBadges.length);
        const [id] = this.liveBadges.splice(index, 1);
        if (id === undefined) return;
        await this.badge.getFunction('revoke')(id);
      }
      this.counts[action]++;
    } catch (err) {
      this.options.log?.(`${action} failed: ${(err as Error).message.split('\n')[0]}`);
      // A failed send leaves the NonceManager ahead of the chain: resync it.
      this.minter.reset();
      this.payer.reset();
    }
  }
}
