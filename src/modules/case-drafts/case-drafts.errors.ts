import { AppError, ErrorKind } from '../../common/errors/app-error';

export class CaseDraftNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'CASE_DRAFT.NOT_FOUND', 'Draft not found');
  }
}

export class TooManyCaseDraftsError extends AppError {
  constructor(limit: number) {
    super(
      ErrorKind.Conflict,
      'CASE_DRAFT.TOO_MANY',
      `You already keep ${limit} drafts: create or delete one first`,
    );
  }
}
