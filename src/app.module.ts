import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { loggerOptions } from './common/logging/logger-options';
import { StartupNoticesModule } from './common/startup-notices';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { buildDataSourceOptions } from './database/data-source-options';
import { JobsModule } from './jobs/jobs.module';
import { WorkerModule } from './jobs/worker.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { AgenciesModule } from './modules/agencies/agencies.module';
import { AuditModule } from './modules/audit/audit.module';
import { CasesModule } from './modules/cases/cases.module';
import { CaseMovesModule } from './modules/case-moves/case-moves.module';
import { QueuesModule } from './modules/queues/queues.module';
import { SearchModule } from './modules/search/search.module';
import { DuplicatesModule } from './modules/duplicates/duplicates.module';
import { ReportsModule } from './modules/reports/reports.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { MailModule } from './modules/mail/mail.module';
import { RegionsModule } from './modules/regions/regions.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { NotificationDeliveryModule } from './modules/notifications/notification-delivery.module';
import { ReferralsModule } from './modules/referrals/referrals.module';
import { CaseDraftsModule } from './modules/case-drafts/case-drafts.module';
import { SavedFiltersModule } from './modules/saved-filters/saved-filters.module';
import { TasksModule } from './modules/tasks/tasks.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { UsersModule } from './modules/users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions(config.database.url, config.database.poolSize),
          // Fail the boot instead of retrying forever: the database was checked just before.
          retryAttempts: 0,
        }),
        StartupNoticesModule,
        MetricsModule,
        JobsModule,
        MailModule,
        RegionsModule,
        AgenciesModule,
        UsersModule,
        AuthModule,
        CryptoModule,
        AuditModule,
        CasesModule,
        QueuesModule,
        SearchModule,
        DuplicatesModule,
        ReportsModule,
        CaseMovesModule,
        ReferralsModule,
        TasksModule,
        CaseDraftsModule,
        SavedFiltersModule,
        DocumentsModule,
        NotificationDeliveryModule,
        HealthModule,
        ...(config.role === 'api' ? [] : [WorkerModule]),
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
