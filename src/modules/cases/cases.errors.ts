import { AppError, ErrorKind } from '../../common/errors/app-error';
import { CaseStatus } from './case.enums';

export class CaseNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'CASE.NOT_FOUND', 'Case not found');
  }
}

export class CaseReadOnlyError extends AppError {
  constructor() {
    super(ErrorKind.Forbidden, 'CASE.READ_ONLY', 'Your role may read this case but not change it');
  }
}

/** A role that may read the case but is never shown who the people in it are (viewers). */
export class IdentityNotAllowedError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'CASE.IDENTITY_NOT_ALLOWED',
      'Peran Anda tidak boleh melihat identitas korban atau kontak keluarganya. / ' +
        'Your role may not see the identity of victims or the contacts of their families.',
    );
  }
}

export class IllegalTransitionError extends AppError {
  constructor(from: CaseStatus, to: CaseStatus, allowed: CaseStatus[]) {
    super(
      ErrorKind.Conflict,
      'CASE.ILLEGAL_TRANSITION',
      `A case in status ${from} cannot move to ${to}; allowed: ${allowed.join(', ') || 'none'}`,
      { from, to, allowed },
    );
  }
}

export class SupervisorApprovalRequiredError extends AppError {
  constructor(to: CaseStatus) {
    super(
      ErrorKind.Forbidden,
      'CASE.SUPERVISOR_APPROVAL_REQUIRED',
      `Only a supervisor may move a case to ${to}`,
    );
  }
}

export class IdentitySearchNotAllowedError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'IDENTITY.SEARCH_NOT_ALLOWED',
      'Peran Anda tidak boleh mencari berdasarkan NIK, paspor, atau nomor telepon. / ' +
        'Your role may not search by NIK, passport or phone number.',
    );
  }
}
