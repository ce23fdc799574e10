import type { BadgeMintedData, NewBlockData, NewTransactionData } from '@aura/events';

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

import { BlockRecord } from './schemas/block.schema';
import { ContractTransactionRecord } from './schemas/contract-transaction.schema';
import { TokenEventRecord } from './schemas/token-event.schema';
import { blockData, transactionData } from './wire-shapes';

/** The newest stored items, in the wire shapes (for the WebSocket snapshot). */
@Injectable()
export class RecentActivity {
  constructor(
    @InjectModel(BlockRecord.name) private readonly blocks: Model<BlockRecord>,
    @InjectModel(ContractTransactionRecord.name) private readonly transactions: Model<ContractTransactionRecord>,
    @InjectModel(TokenEventRecord.name) private readonly tokenEvents: Model<TokenEventRecord>,
  ) {}

  async blocksNewestFirst(limit: number): Promise<NewBlockData[]> {
    if (!limit) return [];
    const rows = await this.blocks.find().sort({ number: -1 }).limit(limit).lean();
    return rows.map(blockData);
  }

  async transactionsNewestFirst(limit: number): Promise<NewTransactionData[]> {
    if (!limit) return [];
    const rows = await this.transactions.find().sort({ blockNumber: -1 }).limit(limit).lean();
    return rows.map(transactionData);
  }

  async badgesNewestFirst(limit: number): Promise<BadgeMintedData[]> {
    if (!limit) return [];
    const rows = await this.tokenEvents.find({ kind: 'badge_minted' }).sort({ blockNumber: -1, logIndex: -1 }).limit(limit).lean();
    return rows.map((e) => ({ txHash: e.txHash, address: e.address, blockNumber: e.blockNumber, tokenId: e.tokenId, logIndex: e.logIndex }));
  }
}
