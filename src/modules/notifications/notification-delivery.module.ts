import { Module } from '@nestjs/common';
import { DeliveryRecorder } from './delivery-recorder';
import { DestinationBreakers } from './destination-breakers';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationMetrics } from './notification-metrics';
import { NotificationsAdminService } from './notifications-admin.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsModule } from './notifications.module';
import { WebhookSender } from './webhook-sender';

/**
 * Sending notification rows, and the admin routes about them. What a row says comes from the
 * feature that registered its kind (NotificationKinds); this module imports no feature.
 */
@Module({
  imports: [NotificationsModule],
  controllers: [NotificationsController],
  providers: [
    DeliveryRecorder,
    DestinationBreakers,
    NotificationDeliveryService,
    NotificationMetrics,
    NotificationsAdminService,
    WebhookSender,
  ],
})
export class NotificationDeliveryModule {}
