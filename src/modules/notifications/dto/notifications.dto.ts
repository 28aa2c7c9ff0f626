import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IntegerQuery } from '../../../common/http/integer-query';
import type { ListPage } from '../../../common/http/pagination.dto';
import { CircuitState } from '../destination-breakers';
import { Notification } from '../notification.entity';
import {
  NotificationChannel,
  NotificationKind,
  NotificationStatus,
  RecipientKind,
} from '../notification.enums';

export class ListNotificationsQueryDto {
  /** `failed` lists what needs an admin's attention. */
  @IsOptional()
  @IsEnum(NotificationStatus)
  status?: NotificationStatus;

  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

export class WebhookSecretDto {
  /** Verify `X-Jejak-Signature` = `v1=` + hex HMAC-SHA256 of `${X-Jejak-Timestamp}.${raw body}`. */
  secret!: string;
  version!: number;
}

/** One message and its fate. Addresses are not shown: they are looked up when it is sent. */
export class NotificationDto {
  id!: string;
  @ApiProperty({ enum: NotificationKind })
  kind!: NotificationKind;
  @ApiProperty({ enum: NotificationChannel })
  channel!: NotificationChannel;
  @ApiProperty({ enum: RecipientKind })
  recipientKind!: RecipientKind;
  recipientAgencyId!: string | null;
  recipientUserId!: string | null;
  caseId!: string | null;
  referralId!: string | null;
  taskId!: string | null;
  sequence!: number;
  dueAt!: Date;
  @ApiProperty({ enum: NotificationStatus })
  status!: NotificationStatus;
  attempts!: number;
  maxAttempts!: number;
  nextAttemptAt!: Date;
  lastAttemptAt!: Date | null;
  lastError!: string | null;
  deliveredAt!: Date | null;
  failedAt!: Date | null;
  cancelledAt!: Date | null;
  cancelReason!: string | null;
  createdAt!: Date;

  static from(row: Notification): NotificationDto {
    return {
      id: row.id,
      kind: row.kind,
      channel: row.channel,
      recipientKind: row.recipientKind,
      recipientAgencyId: row.recipientAgencyId,
      recipientUserId: row.recipientUserId,
      caseId: row.caseId,
      referralId: row.referralId,
      taskId: row.taskId,
      sequence: row.sequence,
      dueAt: row.dueAt,
      status: row.status,
      attempts: row.attempts,
      maxAttempts: row.maxAttempts,
      nextAttemptAt: row.nextAttemptAt,
      lastAttemptAt: row.lastAttemptAt,
      lastError: row.lastError,
      deliveredAt: row.deliveredAt,
      failedAt: row.failedAt,
      cancelledAt: row.cancelledAt,
      cancelReason: row.cancelReason,
      createdAt: row.createdAt,
    };
  }
}

export type NotificationListDto = ListPage<NotificationDto>;

/**
 * One place messages go (`smtp`, or `webhook` and a host) and the health its circuit breaker
 * keeps: `open` holds its messages back until a probe gets through (`nextProbeAt`).
 */
export class NotificationDestinationDto {
  /** `smtp` for the mail server, `webhook host:port` for an agency's receiver. */
  destination!: string;
  @ApiProperty({ enum: CircuitState })
  state!: CircuitState;
  consecutiveFailures!: number;
  /** An SMTP or HTTP status or a network error code, never a server's reply text. */
  lastError!: string | null;
  lastFailureAt!: Date | null;
  lastSuccessAt!: Date | null;
  openedAt!: Date | null;
  nextProbeAt!: Date | null;
  /** Messages held back by the open circuit, waiting for it to close. */
  rowsWaiting!: number;
}

export type NotificationDestinationListDto = ListPage<NotificationDestinationDto>;
