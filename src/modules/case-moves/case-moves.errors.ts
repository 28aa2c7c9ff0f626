import {
  AppError,
  ErrorKind,
  type FieldError,
  MAX_FIELD_ERRORS,
} from '../../common/errors/app-error';

/** Why one case of a bulk request was refused; `details.refused[].reason` carries the code. */
export enum BulkRefusal {
  /** Missing, or not visible to the caller: the two are never told apart. */
  NotFound = 'not_found',
  Duplicate = 'duplicate',
  NotAllowed = 'not_allowed',
  Closed = 'closed',
  AssigneeNotEligible = 'assignee_not_eligible',
  NotAwaitingClosure = 'not_awaiting_closure',
}

const REFUSAL_TEXT: Record<BulkRefusal, string> = {
  [BulkRefusal.NotFound]: 'Kasus tidak ditemukan / Case not found',
  [BulkRefusal.Duplicate]:
    'Kasus ini disebut lebih dari sekali / This case is listed more than once',
  [BulkRefusal.NotAllowed]:
    'Anda tidak boleh melakukan ini pada kasus ini / You may not do this to this case',
  [BulkRefusal.Closed]:
    'Kasus sudah ditutup; buka kembali dulu / The case is closed; reopen it first',
  [BulkRefusal.AssigneeNotEligible]:
    'Penerima tugas bukan petugas kasus atau kepala seksi aktif di instansi pemilik kasus ini / ' +
    "The assignee is not an active caseworker or supervisor of this case's agency",
  [BulkRefusal.NotAwaitingClosure]:
    'Kasus tidak sedang menunggu persetujuan penutupan / The case is not awaiting closure approval',
};

export interface RefusedCase {
  /** The position of the case in `caseIds`. */
  index: number;
  /** The id or number as the request gave it. */
  caseRef: string;
  reason: BulkRefusal;
}

/**
 * A bulk request of which at least one case was refused: nothing was changed. Each refused case
 * is a field error (`caseIds[3]`) and, for programs, an entry of `details.refused`.
 */
export class BulkCasesRefusedError extends AppError {
  constructor(refused: RefusedCase[]) {
    const fields: FieldError[] = refused.map((entry) => ({
      field: `caseIds[${entry.index}]`,
      messages: [REFUSAL_TEXT[entry.reason]],
    }));
    super(
      ErrorKind.Validation,
      'CASE.BULK_REFUSED',
      'Tidak ada yang diubah: sebagian kasus ditolak / Nothing was changed: some cases were refused',
      // The first refusals and how many there are, as any validation answer gives them.
      {
        fields: fields.slice(0, MAX_FIELD_ERRORS),
        totalFields: fields.length,
        refused: refused.slice(0, MAX_FIELD_ERRORS),
      },
    );
  }
}

export class TransferNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'TRANSFER.NOT_FOUND', 'Transfer not found');
  }
}

export class TransferAlreadyOpenError extends AppError {
  constructor() {
    super(
      ErrorKind.Conflict,
      'TRANSFER.ALREADY_OPEN',
      'Kasus ini sudah punya permintaan pemindahan yang belum diputuskan / ' +
        'This case already has a transfer awaiting a decision',
    );
  }
}

export class TransferNotOpenError extends AppError {
  constructor(status: string) {
    super(
      ErrorKind.Conflict,
      'TRANSFER.NOT_OPEN',
      `Pemindahan ini sudah diputuskan (${status}) / This transfer was already decided (${status})`,
      { status },
    );
  }
}

export class CaseNotTransferableError extends AppError {
  constructor(status: string) {
    super(
      ErrorKind.Conflict,
      'TRANSFER.CASE_CLOSED',
      `Kasus yang sudah ditutup tidak dapat dipindahkan (${status}) / A closed case cannot be transferred (${status})`,
      { status },
    );
  }
}
