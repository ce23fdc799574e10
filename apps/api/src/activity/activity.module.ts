import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { ActivityController } from './activity.controller';
import { ActivityQuery } from './activity-query.service';
import { ActivityStore } from './activity-store.service';
import { RecentActivity } from './recent-activity.service';
import { RecentFeed } from './recent-feed.service';
import { BlockRecord, BlockSchema } from './schemas/block.schema';
import { ContractTransactionRecord, ContractTransactionSchema } from './schemas/contract-transaction.schema';
import { KnownAddressRecord, KnownAddressSchema } from './schemas/known-address.schema';
import { MinuteBucketRecord, MinuteBucketSchema } from './schemas/minute-bucket.schema';
import { StatsTotalsRecord, StatsTotalsSchema } from './schemas/stats-totals.schema';
import { TokenEventRecord, TokenEventSchema } from './schemas/token-event.schema';

export const ACTIVITY_MODELS = MongooseModule.forFeature([
  { name: BlockRecord.name, schema: BlockSchema },
  { name: ContractTransactionRecord.name, schema: ContractTransactionSchema },
  { name: MinuteBucketRecord.name, schema: MinuteBucketSchema },
  { name: TokenEventRecord.name, schema: TokenEventSchema },
  { name: StatsTotalsRecord.name, schema: StatsTotalsSchema },
  { name: KnownAddressRecord.name, schema: KnownAddressSchema },
]);

@Module({
  controllers: [ActivityController],
  exports: [ACTIVITY_MODELS, ActivityStore, RecentActivity],
  imports: [ACTIVITY_MODELS],
  providers: [ActivityQuery, ActivityStore, RecentActivity, RecentFeed],
})
export class ActivityModule {}
