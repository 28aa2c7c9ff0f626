import { Injectable } from '@nestjs/common';
import type { ListPage } from '../../common/http/pagination.dto';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { UserRole } from '../users/user-role';
import {
  IncomingReferralRowDto,
  IncomingReferralSort,
  ListIncomingReferralsQueryDto,
} from './dto/incoming-referral.dto';
import { IncomingReferralsService } from './incoming-referrals.service';
import { RECEIVING_STAFF_ROLES } from './receiving-access';
import { OPEN_REFERRAL_STATUSES } from './referral.enums';

/**
 * What other modules (the supervisors' queues) may ask of a receiving agency's incoming
 * referrals: the open ones, counted and paged for the caller, with the same scope and rows as
 * `GET /referrals/incoming`. Reads only; the referral tables stay this module's.
 */
@Injectable()
export class IncomingReferralsReader {
  /** The roles that have an incoming list at all. */
  readonly roles: readonly UserRole[] = RECEIVING_STAFF_ROLES;

  constructor(private readonly incoming: IncomingReferralsService) {}

  /** Open incoming referrals of the caller's agency, counted up to `limit` + 1. */
  countOpen(actor: AuthenticatedUser, limit: number): Promise<number> {
    return this.incoming.count(actor, openQuery(), limit);
  }

  /** A page of them, the earliest deadline first. */
  pageOpen(
    actor: AuthenticatedUser,
    page: { limit: number; cursor?: string },
  ): Promise<ListPage<IncomingReferralRowDto>> {
    return this.incoming.list(
      actor,
      Object.assign(openQuery(), { limit: page.limit, cursor: page.cursor }),
    );
  }
}

function openQuery(): ListIncomingReferralsQueryDto {
  return Object.assign(new ListIncomingReferralsQueryDto(), {
    status: [...OPEN_REFERRAL_STATUSES],
    sort: IncomingReferralSort.NextDue,
  });
}
