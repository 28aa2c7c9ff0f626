import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import {
  NotificationDestinationDto,
  NotificationDestinationListDto,
  NotificationDto,
  NotificationListDto,
} from './dto/notifications.dto';
import { ListNotificationsQueryDto, WebhookSecretDto } from './dto/notifications.dto';
import { NotificationsAdminService } from './notifications-admin.service';
import { ApiRoute } from '../../common/openapi/api-route.decorator';

/** For admins: messages that could not be delivered, and the keys webhooks are signed with. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly admin: NotificationsAdminService) {}

  /** Newest first; `?status=failed` lists what needs attention. */
  @ApiRoute('listNotifications', { errors: [403], list: NotificationDto })
  @Get('notifications')
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: ListNotificationsQueryDto,
  ): Promise<NotificationListDto> {
    return this.admin.list(actor, query);
  }

  /**
   * Where messages go (the SMTP server, each webhook host) and how each is doing: open circuits
   * first, with the error that opened them and the messages they hold back.
   */
  @ApiRoute('listNotificationDestinations', { errors: [403], list: NotificationDestinationDto })
  @Get('notifications/destinations')
  destinations(@CurrentUser() actor: AuthenticatedUser): Promise<NotificationDestinationListDto> {
    return this.admin.destinations(actor);
  }

  /** Tries a failed notification again, with a fresh set of attempts. */
  @ApiRoute('retryNotification', { errors: [403, 409] })
  @Post('notifications/:id/retry')
  @HttpCode(200)
  retry(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<NotificationDto> {
    return this.admin.retry(actor, id);
  }

  /** The key the agency verifies our webhook signatures with. The read is audited. */
  @ApiRoute('getWebhookSecret', { errors: [403] })
  @Get('agencies/:id/webhook-secret')
  webhookSecret(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<WebhookSecretDto> {
    return this.admin.webhookSecret(actor, id);
  }

  /** Replaces the key at once (one leaked); give the new one to the agency. */
  @ApiRoute('rotateWebhookSecret', { errors: [403] })
  @Post('agencies/:id/webhook-secret')
  rotateWebhookSecret(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<WebhookSecretDto> {
    return this.admin.rotateWebhookSecret(actor, id);
  }
}
