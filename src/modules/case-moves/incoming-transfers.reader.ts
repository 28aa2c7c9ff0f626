import { Injectable } from '@nestjs/common';
import type { ListPage } from '../../common/http/pagination.dto';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { UserRole } from '../users/user-role';
import { CaseMovesRepository } from './case-moves.repository';
import { TransferStatus } from './case-transfer';
import { CaseTransfersService } from './case-transfers.service';
import {
  ListTransfersQueryDto,
  TransferDirection,
  TransferResponseDto,
} from './dto/case-moves.dto';

/** The most transfers one queue page holds, as `GET /transfers` allows. */
const PAGE_LIMIT = 100;

/**
 * What the supervisors' queues may ask of the transfers offered to the caller's agency and not
 * yet decided: counted and paged, with the scope and rows of
 * `GET /transfers?direction=incoming&status=requested`. Reads only.
 */
@Injectable()
export class IncomingTransfersReader {
  /** Deciding on a transfer is a supervisor's. */
  readonly roles: readonly UserRole[] = [UserRole.Supervisor];

  constructor(
    private readonly moves: CaseMovesRepository,
    private readonly transfers: CaseTransfersService,
  ) {}

  /** Counted up to `limit` + 1, on the partial index of open incoming transfers. */
  countOpen(actor: AuthenticatedUser, limit: number): Promise<number> {
    return this.moves.countOpenIncoming(actor.agencyId, limit);
  }

  /** A page of them, newest first. */
  pageOpen(
    actor: AuthenticatedUser,
    page: { limit: number; cursor?: string },
  ): Promise<ListPage<TransferResponseDto>> {
    return this.transfers.list(
      actor,
      Object.assign(new ListTransfersQueryDto(), {
        direction: TransferDirection.Incoming,
        status: TransferStatus.Requested,
        limit: Math.min(page.limit, PAGE_LIMIT),
        cursor: page.cursor,
      }),
    );
  }
}
