import { AppError, ErrorKind } from '../../common/errors/app-error';
import { ReferralResponseAction, ReferralStatus } from './referral.enums';

export class ReferralNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'REFERRAL.NOT_FOUND', 'Referral not found');
  }
}

/** Bad, tampered, expired, revoked and unknown links all look the same: nothing to find here. */
export class ReferralLinkInvalidError extends AppError {
  constructor() {
    super(
      ErrorKind.NotFound,
      'REFERRAL.LINK_INVALID',
      'This link is not valid: it may have expired or been replaced. Ask the referring agency for a new one.',
    );
  }
}

/** A token in the path (the old form of action links): refused unread, with where it goes now. */
export class ReferralTokenInPathError extends AppError {
  constructor() {
    super(
      ErrorKind.NotFound,
      'REFERRAL.TOKEN_IN_PATH',
      'Token tidak diterima di alamat (path); kirim di header X-Response-Token, atau buka tautan /respond#token=… dari pesan. / ' +
        'Tokens are not accepted in the path; send it in the X-Response-Token header, or open the /respond#token=… link from the message.',
    );
  }
}

export class ReferralReadOnlyError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'REFERRAL.READ_ONLY',
      'Your role may read this referral but not change it',
    );
  }
}

export class ReferralNotDraftError extends AppError {
  constructor(status: ReferralStatus) {
    super(
      ErrorKind.Conflict,
      'REFERRAL.NOT_DRAFT',
      `Only a draft referral can be edited or sent; this one is ${status}`,
      { status },
    );
  }
}

export class ReferralResponseNotAllowedError extends AppError {
  constructor(status: ReferralStatus, action: string, allowed: ReferralResponseAction[]) {
    super(
      ErrorKind.Conflict,
      'REFERRAL.ILLEGAL_RESPONSE',
      `A referral in status ${status} cannot take "${action}"; allowed: ${allowed.join(', ') || 'none'}`,
      { status, action, allowed },
    );
  }
}

export class ReferralClosedError extends AppError {
  constructor(status: ReferralStatus) {
    super(
      ErrorKind.Conflict,
      'REFERRAL.CLOSED',
      `The referral is ${status}; it can no longer be changed`,
      { status },
    );
  }
}

export class SupervisorRequiredForSharingError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'REFERRAL.SUPERVISOR_REQUIRED',
      'Sharing personal data without recorded consent needs a supervisor to send the referral',
    );
  }
}

/** A caseworker of the receiving agency reads its referrals; the one assigned answers. */
export class ReferralNotAssigneeError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'REFERRAL.NOT_ASSIGNEE',
      'Rujukan ini ditugaskan kepada petugas lain; minta penyelia Anda menugaskannya kepada Anda. / ' +
        'This referral is assigned to someone else; ask your supervisor to assign it to you.',
    );
  }
}

/** Only the receiving agency's supervisors assign its incoming referrals. */
export class ReferralAssignmentNotAllowedError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'REFERRAL.ASSIGNMENT_NOT_ALLOWED',
      'Hanya penyelia instansi penerima yang dapat menugaskan rujukan ini. / ' +
        'Only a supervisor of the receiving agency may assign this referral.',
    );
  }
}
