import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { TasksModule } from '../tasks/tasks.module';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationsAdminService } from './notifications-admin.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsModule } from './notifications.module';
import { WebhookSender } from './webhook-sender';

/** Sending notification rows, and the admin routes about them. Renders what referrals and tasks owe. */
@Module({
  imports: [NotificationsModule, ReferralsModule, TasksModule],
  controllers: [NotificationsController],
  providers: [NotificationDeliveryService, NotificationsAdminService, WebhookSender],
})
export class NotificationDeliveryModule {}
