import { AppError, ErrorKind } from '../../common/errors/app-error';

export class SavedFilterNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'SAVED_FILTER.NOT_FOUND', 'Saved filter not found');
  }
}

export class TooManySavedFiltersError extends AppError {
  constructor(limit: number) {
    super(
      ErrorKind.Conflict,
      'SAVED_FILTER.TOO_MANY',
      `Anda sudah menyimpan ${limit} filter: hapus salah satu dulu / ` +
        `You already keep ${limit} saved filters: delete one first`,
      { limit },
    );
  }
}

export class SavedFilterNameTakenError extends AppError {
  constructor() {
    const message =
      'Anda sudah punya filter dengan nama ini / You already have a saved filter of this name';
    super(ErrorKind.Conflict, 'SAVED_FILTER.NAME_TAKEN', message, {
      fields: [{ field: 'name', messages: [message] }],
    });
  }
}
