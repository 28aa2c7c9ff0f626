import { AppError, ErrorKind } from '../../common/errors/app-error';

export class FamilyMemberNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'FAMILY_MEMBER.NOT_FOUND', 'Family member not found');
  }
}
