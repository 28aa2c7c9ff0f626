import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationKinds } from './notification-kinds';
import { Notification } from './notification.entity';
import { NotificationWriter } from './notification-writer';
import { NotificationsAuditPolicy } from './notifications-audit-policy';
import { NotificationsRepository } from './notifications.repository';

/**
 * The notification rows, how other modules write them and the registry of their kinds; delivery
 * lives in NotificationDeliveryModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Notification])],
  providers: [
    NotificationKinds,
    NotificationsAuditPolicy,
    NotificationsRepository,
    NotificationWriter,
  ],
  exports: [NotificationKinds, NotificationsRepository, NotificationWriter],
})
export class NotificationsModule {}
