import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { AccessController } from './access.controller';
import { AccessGuard } from './access.guard';
import { AccessControl } from './access-control.service';
import { AccessStore } from './store/access-store.service';
import {
  ApiKeyRecord,
  ApiKeySchema,
  AuditEntryRecord,
  AuditEntrySchema,
  KeyUsageRecord,
  KeyUsageSchema,
  WsTicketRecord,
  WsTicketSchema,
} from './store/api-key.schema';

/** API keys, roles and WebSocket tickets (AUTH_MODE); global so that the guard and the gateway see it. */
@Global()
@Module({
  controllers: [AccessController],
  exports: [AccessControl, AccessGuard],
  imports: [
    MongooseModule.forFeature([
      { name: ApiKeyRecord.name, schema: ApiKeySchema },
      { name: WsTicketRecord.name, schema: WsTicketSchema },
      { name: AuditEntryRecord.name, schema: AuditEntrySchema },
      { name: KeyUsageRecord.name, schema: KeyUsageSchema },
    ]),
  ],
  providers: [AccessControl, AccessGuard, AccessStore],
})
export class AccessModule {}
