import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { CaseTask } from './case-task.entity';
import { DailyDigestPlanner } from './daily-digest.planner';
import { TaskMessages } from './task-messages';
import { TaskNotificationKinds } from './task-notification-kinds';
import { TasksController } from './tasks.controller';
import { TasksAuditPolicy } from './tasks-audit-policy';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

/** Follow-up tasks on cases, their reminders, and the daily digest of what is due. */
@Module({
  imports: [TypeOrmModule.forFeature([CaseTask]), CasesModule, NotificationsModule, UsersModule],
  controllers: [TasksController],
  providers: [
    TasksAuditPolicy,
    TasksRepository,
    TasksService,
    TaskMessages,
    TaskNotificationKinds,
    DailyDigestPlanner,
  ],
})
export class TasksModule {}
