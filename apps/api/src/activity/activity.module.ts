import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { ActivityController } from './activity.controller';
import { ActivityQuery } from './activity-query.service';
import { ActivityReader } from './activity-reader.service';
import { ActivityStore } from './activity-store.service';
import { RecentFeed } from './recent-feed.service';
import { BlockRecord, BlockSchema } from './schemas/block.schema';
import { ContractTransactionRecord, ContractTransactionSchema } from './schemas/contract-transaction.schema';
import { KnownAddressRecord, KnownAddressSchema } from './schemas/known-address.schema';
import { MinuteBucketRecord, MinuteBucketSchema } from './schemas/minute-bucket.schema';
import { StatsTotalsRecord, StatsTotalsSchema } from './schemas/stats-totals.schema';
import { TokenEventRecord, TokenEventSchema } from './schemas/token-event.schema';

const ACTIVITY_MODELS = MongooseModule.forFeature([
  { name: BlockRecord.name, schema: BlockSchema },
  { name: ContractTransactionRecord.name, schema: ContractTransactionSchema },
  { name: MinuteBucketRecord.name, schema: MinuteBucketSchema },
  { name: TokenEventRecord.name, schema: TokenEventSchema },
  { name: StatsTotalsRecord.name, schema: StatsTotalsSchema },
  { name: KnownAddressRecord.name, schema: KnownAddressSchema },
]);

@Module({
  controllers: [ActivityController],
  // The writer and the reader: no other module sees a model (a lint rule keeps @InjectModel in activity/).
  exports: [ActivityReader, ActivityStore],
  imports: [ACTIVITY_MODELS],
  providers: [ActivityQuery, ActivityReader, ActivityStore, RecentFeed],
})
export class ActivityModule {}
