import { AppError, ErrorKind } from '../../common/errors/app-error';

export class InvalidCredentialsError extends AppError {
  constructor() {
    // One message for unknown email, wrong password, disabled account and unset password, so the
    // answer does not reveal which accounts exist.
    super(ErrorKind.Unauthenticated, 'AUTH.INVALID_CREDENTIALS', 'Email or password is incorrect');
  }
}

export class CurrentPasswordIncorrectError extends AppError {
  constructor() {
    super(ErrorKind.Validation, 'REQUEST.VALIDATION_FAILED', 'The current password is incorrect', {
      fields: [{ field: 'currentPassword', messages: ['currentPassword is incorrect'] }],
    });
  }
}
