import { modifyReturning } from '../../database/modifying-query';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, ErrorKind } from '../../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { Agency } from '../agencies/agency.entity';
import { AgencyNotFoundError } from '../agencies/agencies.errors';
import { AuditService } from '../audit/audit.service';
import { type AuthenticatedUser, requireRole } from '../auth/authenticated-user';
import {
  NotificationDestinationListDto,
  NotificationDto,
  NotificationListDto,
} from './dto/notifications.dto';
import { DestinationBreakers } from './destination-breakers';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../common/http/keyset-cursor';
import { keysetPage, wholeList } from '../../common/http/pagination.dto';
import { UserRole } from '../users/user-role';
import { JobName } from '../../jobs/job-names';
import { JobService } from '../../jobs/job.service';
import { ListNotificationsQueryDto, WebhookSecretDto } from './dto/notifications.dto';
import { NotificationStatus } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';
import { webhookSecretFor } from './webhook-secrets';

class NotificationNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'NOTIFICATION.NOT_FOUND', 'Notification not found');
  }
}

class NotificationNotFailedError extends AppError {
  constructor(status: NotificationStatus) {
    super(
      ErrorKind.Conflict,
      'NOTIFICATION.NOT_FAILED',
      `Only a failed notification can be retried; this one is ${status}`,
      { status },
    );
  }
}

/** What admins do about messages: see the ones that failed, retry them, manage webhook keys. */
@Injectable()
export class NotificationsAdminService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly jobs: JobService,
    private readonly audit: AuditService,
    private readonly breakers: DestinationBreakers,
  ) {}

  async destinations(actor: AuthenticatedUser): Promise<NotificationDestinationListDto> {
    requireRole(actor, UserRole.Admin);
    return wholeList(await this.breakers.list());
  }

  async list(
    actor: AuthenticatedUser,
    query: ListNotificationsQueryDto,
  ): Promise<NotificationListDto> {
    requireRole(actor, UserRole.Admin);
    const { items, next } = await this.notifications.page({
      status: query.status,
      limit: query.limit,
      before: query.cursor ? decodeKeysetCursor(query.cursor) : undefined,
    });
    return keysetPage(
      items.map((row) => NotificationDto.from(row)),
      query.limit,
      encodeKeysetCursor(next),
    );
  }

  /** A failed notification goes back to pending with a fresh set of attempts, at once. */
  async retry(actor: AuthenticatedUser, id: string): Promise<NotificationDto> {
    requireRole(actor, UserRole.Admin);
    await this.dataSource.transaction(async (manager) => {
      const row = await this.notifications.findById(id, manager);
      if (!row) throw new NotificationNotFoundError();
      if (!(await this.notifications.resetFailed(manager, id)))
        throw new NotificationNotFailedError(row.status);
      await this.audit.record(manager, actor, {
        action: 'notification.retried',
        entityType: 'notification',
        entityId: id,
        caseId: row.caseId,
        changes: { kind: row.kind, channel: row.channel, previousError: row.lastError },
      });
    });
    try {
      await this.jobs.enqueue(
        JobName.DeliverNotification,
        { notificationIds: [id] },
        { jobId: `notification-${id}-retry-${Date.now().toString(36)}` },
      );
    } catch {
      // Pending and due: the sweep queues it.
    }
    return NotificationDto.from((await this.notifications.findById(id))!);
  }

  async webhookSecret(actor: AuthenticatedUser, agencyId: string): Promise<WebhookSecretDto> {
    requireRole(actor, UserRole.Admin);
    const agency = await this.dataSource.getRepository(Agency).findOneBy({ id: agencyId });
    if (!agency) throw new AgencyNotFoundError();
    await this.audit.recordRead(actor, {
      action: 'agency.webhook_secret_read',
      entityType: 'agency',
      entityId: agencyId,
    });
    return {
      secret: webhookSecretFor(this.config, agency),
      version: agency.webhookSecretVersion,
    };
  }

  /** A new key at once: messages signed from now on use it; give it to the agency. */
  async rotateWebhookSecret(actor: AuthenticatedUser, agencyId: string): Promise<WebhookSecretDto> {
    requireRole(actor, UserRole.Admin);
    const version = await this.dataSource.transaction(async (manager) => {
      const rows = await modifyReturning<{ webhook_secret_version: number }>(
        manager,
        `UPDATE agencies
         SET webhook_secret_version = webhook_secret_version + 1, webhook_secret_legacy = false
         WHERE id = $1 RETURNING webhook_secret_version`,
        [agencyId],
      );
      if (rows.length === 0) throw new AgencyNotFoundError();
      await this.audit.record(manager, actor, {
        action: 'agency.webhook_secret_rotated',
        entityType: 'agency',
        entityId: agencyId,
        changes: { version: rows[0].webhook_secret_version },
      });
      return rows[0].webhook_secret_version;
    });
    const agency = { id: agencyId, webhookSecretVersion: version, webhookSecretLegacy: false };
    return { secret: webhookSecretFor(this.config, agency), version };
  }
}
