import { AppError, ErrorKind } from '../../common/errors/app-error';

export class AgencyNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'AGENCY.NOT_FOUND', 'Agency not found');
  }
}

export class AgencyShortNameTakenError extends AppError {
  constructor() {
    super(
      ErrorKind.Conflict,
      'AGENCY.SHORT_NAME_TAKEN',
      'Another agency already uses this short name',
    );
  }
}

export class AgencyInUseError extends AppError {
  constructor() {
    super(
      ErrorKind.Conflict,
      'AGENCY.IN_USE',
      'The agency still has users or records; deactivate it instead of deleting it',
    );
  }
}
