import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Notification } from './notification.entity';
import { NotificationWriter } from './notification-writer';
import { NotificationsAuditPolicy } from './notifications-audit-policy';
import { NotificationsRepository } from './notifications.repository';

/** The notification rows and how other modules write them; delivery lives in NotificationDeliveryModule. */
@Module({
  imports: [TypeOrmModule.forFeature([Notification])],
  providers: [NotificationsAuditPolicy, NotificationsRepository, NotificationWriter],
  exports: [NotificationsRepository, NotificationWriter],
})
export class NotificationsModule {}
