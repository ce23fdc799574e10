import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { ActivityStore } from './activity-store.service';
import { RecentActivity } from './recent-activity.service';
import { BlockRecord, BlockSchema } from './schemas/block.schema';
import { ContractTransactionRecord, ContractTransactionSchema } from './schemas/contract-transaction.schema';
import { MinuteBucketRecord, MinuteBucketSchema } from './schemas/minute-bucket.schema';
import { TokenEventRecord, TokenEventSchema } from './schemas/token-event.schema';

export const ACTIVITY_MODELS = MongooseModule.forFeature([
  { name: BlockRecord.name, schema: BlockSchema },
  { name: ContractTransactionRecord.name, schema: ContractTransactionSchema },
  { name: MinuteBucketRecord.name, schema: MinuteBucketSchema },
  { name: TokenEventRecord.name, schema: TokenEventSchema },
]);

@Module({
  exports: [ACTIVITY_MODELS, ActivityStore, RecentActivity],
  imports: [ACTIVITY_MODELS],
  providers: [ActivityStore, RecentActivity],
})
export class ActivityModule {}
