import { AppError, ErrorKind } from '../../common/errors/app-error';

export class VictimNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'VICTIM.NOT_FOUND', 'Victim not found');
  }
}
