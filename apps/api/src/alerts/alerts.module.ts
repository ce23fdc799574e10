import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { ActivityModule } from '../activity/activity.module';
import { ChainModule } from '../chain/chain.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import { GatewayModule } from '../gateway/gateway.module';
import { MonitorGateway } from '../gateway/monitor.gateway';
import { HealthModule } from '../health/health.module';
import { AlertActions } from './alert-actions.service';
import { AlertChannels } from './alert-channels.service';
import { AlertDeliverer } from './alert-deliverer.service';
import { AlertEvaluator } from './alert-evaluator.service';
import { AlertOutbox } from './alert-outbox.service';
import { AlertRules } from './alert-rules.service';
import { AlertsController } from './alerts.controller';
import {
  ALERT_CHANNEL_CONFIG,
  type AlertChannelConfig,
  DASHBOARD_ALERT_PUBLISHER,
  type DashboardAlertPublisher,
} from './channels/channel-config';
import { ChannelSender } from './channels/channel-sender';
import { HealthAlerts } from './health-alerts.service';
import { LEADERSHIP, SingleProcessLeadership } from './leadership';
import { AlertStore } from './store/alert-store.service';
import { AlertRecord, AlertSchema } from './store/schemas/alert.schema';
import { AlertChannelRecord, AlertChannelSchema } from './store/schemas/alert-channel.schema';
import { AlertDeliveryRecord, AlertDeliverySchema } from './store/schemas/alert-delivery.schema';
import { AlertRuleRecord, AlertRuleSchema } from './store/schemas/alert-rule.schema';
import { AlertStateRecord, AlertStateSchema } from './store/schemas/alert-state.schema';

const ALERT_MODELS = MongooseModule.forFeature([
  { name: AlertChannelRecord.name, schema: AlertChannelSchema },
  { name: AlertDeliveryRecord.name, schema: AlertDeliverySchema },
  { name: AlertRecord.name, schema: AlertSchema },
  { name: AlertRuleRecord.name, schema: AlertRuleSchema },
  { name: AlertStateRecord.name, schema: AlertStateSchema },
]);

/**
 * Alerting, off the ingest path: the evaluator follows the stored blocks (ingestion only wakes it), the
 * health watcher reads the monitor's state, both write the outbox; the deliverer sends it.
 */
@Module({
  controllers: [AlertsController],
  exports: [AlertDeliverer, AlertEvaluator, AlertRules],
  imports: [ActivityModule, ALERT_MODELS, ChainModule, GatewayModule, HealthModule],
  providers: [
    AlertActions,
    AlertChannels,
    AlertDeliverer,
    AlertEvaluator,
    AlertOutbox,
    AlertRules,
    AlertStore,
    ChannelSender,
    HealthAlerts,
    {
      provide: ALERT_CHANNEL_CONFIG,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): AlertChannelConfig => ({
        telegramApiUrl: config.alerts.telegramApiUrl,
        pagerDutyEventsUrl: config.alerts.pagerDutyEventsUrl,
        smtpUrl: config.alerts.smtpUrl,
        emailFrom: config.alerts.emailFrom,
        httpTimeoutMs: config.alerts.httpTimeoutMs,
      }),
    },
    {
      provide: DASHBOARD_ALERT_PUBLISHER,
      inject: [MonitorGateway],
      useFactory:
        (gateway: MonitorGateway): DashboardAlertPublisher =>
        (message) =>
          gateway.broadcast({ type: 'alert', data: message }),
    },
    {
      provide: LEADERSHIP,
      useFactory: () => new SingleProcessLeadership(`${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`),
    },
  ],
})
export class AlertsModule {}
