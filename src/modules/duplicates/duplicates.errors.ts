import { AppError, ErrorKind } from '../../common/errors/app-error';

export class DuplicateFlagNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'DUPLICATE_FLAG.NOT_FOUND', 'Duplicate flag not found');
  }
}

export class DuplicateFlagDecidedError extends AppError {
  constructor(status: string) {
    super(
      ErrorKind.Conflict,
      'DUPLICATE_FLAG.ALREADY_DECIDED',
      `Tanda ini sudah diputuskan (${status}). / This flag was already decided (${status}).`,
      { status },
    );
  }
}
