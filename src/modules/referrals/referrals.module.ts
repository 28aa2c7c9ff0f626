import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { IncomingReferralsReader } from './incoming-referrals.reader';
import { IncomingReferralsService } from './incoming-referrals.service';
import { Holiday } from './holiday.entity';
import { HolidaysRepository } from './holidays.repository';
import { ReferralLinksService } from './referral-links.service';
import { ReferralMessages } from './referral-messages';
import { ReferralNotificationKinds } from './referral-notification-kinds';
import { ReferralNotifications } from './referral-notifications';
import { ReferralResponseLink } from './referral-response-link.entity';
import { ReferralResponsesController } from './referral-responses.controller';
import { ReferralResponsesRepository } from './referral-responses.repository';
import { ReferralResponsesService } from './referral-responses.service';
import { ReferralResponse } from './referral-response.entity';
import { ReferralSharedView } from './referral-shared-view';
import { Referral } from './referral.entity';
import { ReferralsController } from './referrals.controller';
import { ReferralsAuditPolicy } from './referrals-audit-policy';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';
import { SlaPoliciesController } from './sla-policies.controller';
import { SlaPoliciesRepository } from './sla-policies.repository';
import { SlaPoliciesService } from './sla-policies.service';
import { SlaPolicy } from './sla-policy.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Referral,
      ReferralResponse,
      ReferralResponseLink,
      SlaPolicy,
      Holiday,
    ]),
    AgenciesModule,
    DocumentsModule,
    CasesModule,
    NotificationsModule,
    UsersModule,
  ],
  controllers: [ReferralsController, ReferralResponsesController, SlaPoliciesController],
  providers: [
    HolidaysRepository,
    IncomingReferralsReader,
    IncomingReferralsService,
    ReferralLinksService,
    ReferralMessages,
    ReferralNotificationKinds,
    ReferralNotifications,
    ReferralResponsesRepository,
    ReferralResponsesService,
    ReferralSharedView,
    ReferralsAuditPolicy,
    ReferralsRepository,
    ReferralsService,
    SlaPoliciesRepository,
    SlaPoliciesService,
  ],
  // The queues ask for the incoming referrals' counts and pages through this, never the tables.
  exports: [IncomingReferralsReader],
})
export class ReferralsModule {}
