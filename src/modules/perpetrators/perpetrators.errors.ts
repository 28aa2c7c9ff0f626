import { AppError, ErrorKind } from '../../common/errors/app-error';

export class PerpetratorNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'PERPETRATOR.NOT_FOUND', 'Perpetrator not found');
  }
}

export class PerpetratorIdentityOwnedElsewhereError extends AppError {
  constructor(fields: string[]) {
    super(
      ErrorKind.Forbidden,
      'PERPETRATOR.IDENTITY_OWNED_BY_RECORDING_AGENCY',
      'Hanya instansi yang mencatat pelaku ini yang dapat mengubah identitasnya; ajukan ' +
        'perubahan lewat POST /perpetrators/{id}/proposals. / Only the agency that recorded ' +
        'this perpetrator changes its identity; propose the change with ' +
        'POST /perpetrators/{id}/proposals.',
      { fields },
    );
  }
}

export class ProposalNotNeededError extends AppError {
  constructor() {
    super(
      ErrorKind.Conflict,
      'PERPETRATOR_PROPOSAL.NOT_NEEDED',
      'Instansi Anda mencatat pelaku ini: ubah langsung dengan PATCH /perpetrators/{id}. / ' +
        'Your agency recorded this perpetrator: change it directly with PATCH /perpetrators/{id}.',
    );
  }
}

export class ProposalNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'PERPETRATOR_PROPOSAL.NOT_FOUND', 'Proposal not found');
  }
}

export class ProposalDecidedByRecordingAgencyError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'PERPETRATOR_PROPOSAL.RECORDING_AGENCY_DECIDES',
      'Hanya instansi yang mencatat pelaku ini yang menerima atau menolak usulan. / ' +
        'Only the agency that recorded this perpetrator accepts or rejects proposals.',
    );
  }
}

export class ProposalAlreadyDecidedError extends AppError {
  constructor(status: string) {
    super(
      ErrorKind.Conflict,
      'PERPETRATOR_PROPOSAL.ALREADY_DECIDED',
      `Usulan ini sudah diputuskan (${status}). / This proposal was already decided (${status}).`,
      { status },
    );
  }
}

/** The record was merged into another: that one (`mergedIntoId`) is the recruiter's record now. */
export class PerpetratorMergedError extends AppError {
  constructor(mergedIntoId: string) {
    super(
      ErrorKind.NotFound,
      'PERPETRATOR.MERGED',
      'Catatan pelaku ini sudah digabung ke catatan lain (mergedIntoId). / This perpetrator ' +
        'record was merged into another one (mergedIntoId).',
      { mergedIntoId },
    );
  }
}

export class PerpetratorMergeNotAllowedError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'PERPETRATOR.MERGE_NOT_ALLOWED',
      'Hanya kepala seksi dari instansi yang mencatat salah satu catatan (atau admin) yang dapat ' +
        'menggabungkannya. / Only a supervisor of an agency that recorded one of the two records ' +
        '(or an admin) merges them.',
    );
  }
}

export class PerpetratorMergePendingProposalsError extends AppError {
  constructor() {
    super(
      ErrorKind.Conflict,
      'PERPETRATOR.MERGE_PENDING_PROPOSALS',
      'Catatan yang akan digabung masih punya usulan perubahan yang menunggu keputusan: ' +
        'putuskan dulu. / The record to merge has change proposals waiting for a decision: ' +
        'decide them first.',
    );
  }
}

export class PerpetratorSuggestionsNotAllowedError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'PERPETRATOR.SUGGESTIONS_NOT_ALLOWED',
      'Saran dari register pelaku hanya untuk petugas kasus, kepala seksi, dan admin, yang ' +
        'mencatat pelaku. / Suggestions from the perpetrator register are for caseworkers, ' +
        'supervisors and admins, who record perpetrators.',
    );
  }
}
