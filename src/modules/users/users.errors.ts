import { AppError, ErrorKind } from '../../common/errors/app-error';

export class UserNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'USER.NOT_FOUND', 'User not found');
  }
}

export class UserEmailTakenError extends AppError {
  constructor() {
    super(ErrorKind.Conflict, 'USER.EMAIL_TAKEN', 'Another user already has this email address');
  }
}

export class LastAdminError extends AppError {
  constructor() {
    super(ErrorKind.Conflict, 'USER.LAST_ADMIN', 'This would leave no active administrator');
  }
}

export class SelfDisableError extends AppError {
  constructor() {
    super(
      ErrorKind.Conflict,
      'USER.CANNOT_DISABLE_SELF',
      'Administrators cannot disable their own account',
    );
  }
}

export class PasswordSetupLinkInvalidError extends AppError {
  constructor() {
    super(
      ErrorKind.NotFound,
      'AUTH.SETUP_LINK_INVALID',
      'This password link is invalid, already used or expired; ask an administrator for a new one',
    );
  }
}
