import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

import type { MonitorStats } from '@aura/events';

import { ContractTransactionRecord } from '../activity/schemas/contract-transaction.schema';
import { TokenEventRecord } from '../activity/schemas/token-event.schema';
import { BlockRecord } from '../activity/schemas/block.schema';
import { BlockFollower } from '../chain/block-follower.service';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Computes the headline statistics from what is stored. Definitions:
 * - total_users: distinct addresses that received a badge or a passport, or sent a transaction to a
 *   watched contract;
 * - total_badges: badges minted (the seed's "minted badges count"; revocations do not subtract);
 * - total_passports: passports issued;
 * - recent_badges_24h: badges minted in blocks whose timestamp is within the last 24 hours.
 * These queries scan the collections; the Stats issue replaces them by aggregates kept on ingest.
 */
@Injectable()
export class StatsService {
  constructor(
    @InjectModel(BlockRecord.name) private readonly blocks: Model<BlockRecord>,
    @InjectModel(ContractTransactionRecord.name) private readonly transactions: Model<ContractTransactionRecord>,
    @InjectModel(TokenEventRecord.name) private readonly tokenEvents: Model<TokenEventRecord>,
    private readonly follower: BlockFollower,
  ) {}

  async current(now = new Date()): Promise<MonitorStats> {
    const [holders, senders, totalBadges, totalPassports, recentBadges, latest] = await Promise.all([
      this.tokenEvents.distinct('address', { kind: { $in: ['badge_minted', 'passport_issued'] } }),
      this.transactions.distinct('from'),
      this.tokenEvents.countDocuments({ kind: 'badge_minted' }),
      this.tokenEvents.countDocuments({ kind: 'passport_issued' }),
      this.tokenEvents.countDocuments({ kind: 'badge_minted', timestamp: { $gte: new Date(now.getTime() - DAY_MS) } }),
      this.blocks.findOne({}, { number: 1, _id: 0 }).sort({ number: -1 }).lean(),
    ]);
    const users = new Set<string>([...holders, ...senders].map(String));
    return {
      total_users: users.size,
      total_badges: totalBadges,
      total_passports: totalPassports,
      recent_badges_24h: recentBadges,
      block_height: latest?.number ?? null,
      chain_id: this.follower.status().chainId,
    };
  }
}
