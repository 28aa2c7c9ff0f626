import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { MessageLanguage } from '../agencies/agency.enums';
import {
  NotificationKindHandler,
  NotificationKinds,
  PreparedNotification,
} from '../notifications/notification-kinds';
import { Notification } from '../notifications/notification.entity';
import { NotificationKind } from '../notifications/notification.enums';
import { UserRole } from '../users/user-role';
import { UsersRepository } from '../users/users.repository';
import { renderMerged } from './perpetrator-message-copy';
import { PerpetratorsRepository } from './perpetrators.repository';

/**
 * The register's messages: a merge, to the supervisors of both recording agencies. The row names
 * the merge only through its dedupe key (`perpetrator_merge:<merge>:<user>`); the cases listed
 * are read at delivery, those of the recipient's agency only.
 */
@Injectable()
export class PerpetratorNotificationKinds implements NotificationKindHandler, OnModuleInit {
  readonly kinds = [NotificationKind.PerpetratorMerged] as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: NotificationKinds,
    private readonly perpetrators: PerpetratorsRepository,
    private readonly users: UsersRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async prepare(row: Notification): Promise<PreparedNotification> {
    const [prefix, mergeId] = (row.dedupeKey ?? '').split(':');
    if (prefix !== 'perpetrator_merge' || !mergeId)
      throw new Error('A perpetrator message without its merge');
    const [merge, user] = await Promise.all([
      this.perpetrators.findMerge(mergeId),
      row.recipientUserId ? this.users.findById(row.recipientUserId) : null,
    ]);
    if (!merge) return { send: false, reason: 'no merge' };
    if (
      !user ||
      user.disabledAt !== null ||
      user.role !== UserRole.Supervisor ||
      (user.agencyId !== merge.survivor_agency_id && user.agencyId !== merge.duplicate_agency_id)
    )
      return { send: false, reason: 'recipient no longer a supervisor of a recording agency' };
    const caseNumbers = (await this.perpetrators.linkedCases(merge.survivor_id))
      .filter((linked) => linked.owning_agency_id === user.agencyId)
      .map((linked) => linked.case_number);
    return {
      send: true,
      message: renderMerged({
        language: MessageLanguage.Indonesian,
        recipientName: user.fullName,
        caseNumbers,
        perpetratorUrl: `${this.config.publicBaseUrl}/api/v1/perpetrators/${merge.survivor_id}`,
      }),
      emailTo: [user.email],
      webhook: null,
    };
  }
}
