import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { FamiliesController } from '../families/families.controller';
import { FamiliesService } from '../families/families.service';
import { FamilyMember } from '../families/family-member.entity';
import { CasePerpetrator } from '../perpetrators/case-perpetrator.entity';
import { Perpetrator } from '../perpetrators/perpetrator.entity';
import { PerpetratorChangeProposal } from '../perpetrators/perpetrator-change-proposal.entity';
import { PerpetratorProposalsRepository } from '../perpetrators/perpetrator-proposals.repository';
import { PerpetratorProposalsService } from '../perpetrators/perpetrator-proposals.service';
import { PerpetratorsController } from '../perpetrators/perpetrators.controller';
import { PerpetratorsRepository } from '../perpetrators/perpetrators.repository';
import { PerpetratorsService } from '../perpetrators/perpetrators.service';
import { PerpetratorNetworkService } from '../perpetrators/perpetrator-network.service';
import { PerpetratorMergeService } from '../perpetrators/perpetrator-merge.service';
import { PerpetratorSuggestionsRepository } from '../perpetrators/perpetrator-suggestions.repository';
import { PerpetratorSuggestionsService } from '../perpetrators/perpetrator-suggestions.service';
import { NotificationsModule } from '../notifications/notifications.module';
import { PerpetratorNotificationKinds } from '../perpetrators/perpetrator-notification-kinds';
import { RegionsModule } from '../regions/regions.module';
import { UsersModule } from '../users/users.module';
import { Victim } from '../victims/victim.entity';
import { VictimRecords } from '../victims/victim-records';
import { VictimsController } from '../victims/victims.controller';
import { VictimsRepository } from '../victims/victims.repository';
import { VictimsService } from '../victims/victims.service';
import { DuplicateCheckRequests } from '../victims/duplicate-check-requests';
import { CaseNote } from './case-note.entity';
import { CaseRecordsAuditPolicy } from './case-records-audit-policy';
import { Case } from './case.entity';
import { CasePriorityController } from './case-priority.controller';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { ReadableRecords } from './readable-records';

/**
 * Case records: cases with their victims, families and perpetrators. One module, because a case
 * is created with all of them in one transaction and every read is decided by the case's owner.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Case,
      CaseNote,
      Victim,
      FamilyMember,
      Perpetrator,
      CasePerpetrator,
      PerpetratorChangeProposal,
    ]),
    AgenciesModule,
    RegionsModule,
    UsersModule,
    NotificationsModule,
  ],
  controllers: [
    CasePriorityController,
    CasesController,
    VictimsController,
    FamiliesController,
    PerpetratorsController,
  ],
  providers: [
    CaseRecordsAuditPolicy,
    FamiliesService,
    PerpetratorsService,
    CasesRepository,
    CasesService,
    ReadableRecords,
    VictimsRepository,
    VictimsService,
    VictimRecords,
    DuplicateCheckRequests,
    PerpetratorsRepository,
    PerpetratorProposalsRepository,
    PerpetratorProposalsService,
    PerpetratorNetworkService,
    PerpetratorMergeService,
    PerpetratorSuggestionsRepository,
    PerpetratorSuggestionsService,
    PerpetratorNotificationKinds,
  ],
  // Referrals and tasks hang off a case and follow its access rules.
  exports: [ReadableRecords, CasesRepository, VictimsRepository, VictimsService],
})
export class CasesModule {}
