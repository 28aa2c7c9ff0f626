import { IntegerQuery } from '../../../common/http/integer-query';
import { IsEnum, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { NotificationStatus } from '../notification.enums';

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
