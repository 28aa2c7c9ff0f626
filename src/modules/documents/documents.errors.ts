import { AppError, ErrorKind } from '../../common/errors/app-error';
import { ACCEPTED_DOCUMENT_TYPES, MAX_DOCUMENT_BYTES } from './document.enums';

export class DocumentNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'DOCUMENT.NOT_FOUND', 'Document not found');
  }
}

export class DocumentTooLargeError extends AppError {
  constructor() {
    super(
      ErrorKind.TooLarge,
      'DOCUMENT.TOO_LARGE',
      `Dokumen lebih dari ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; tidak ada yang disimpan. / ` +
        `The document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; nothing was saved.`,
      { maxBytes: MAX_DOCUMENT_BYTES },
    );
  }
}

/** The content, whatever the file is called, is not one of the accepted types. */
export class DocumentTypeNotAcceptedError extends AppError {
  constructor() {
    super(
      ErrorKind.UnsupportedType,
      'DOCUMENT.TYPE_NOT_ACCEPTED',
      'Isi berkas bukan PDF, JPEG, PNG, WebP atau HEIC; tidak ada yang disimpan. / ' +
        'The file content is not PDF, JPEG, PNG, WebP or HEIC; nothing was saved.',
      { accepted: ACCEPTED_DOCUMENT_TYPES },
    );
  }
}

/** Viewers read the case but no identifiers, and a passport scan is nothing but identifiers. */
export class DocumentContentForbiddenError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'DOCUMENT.CONTENT_FORBIDDEN',
      'Your role may see which documents a case has, not open them',
    );
  }
}

/** Removing a document is a supervisor's decision: it is evidence. */
export class DocumentRemovalForbiddenError extends AppError {
  constructor() {
    super(
      ErrorKind.Forbidden,
      'DOCUMENT.REMOVAL_FORBIDDEN',
      "Only a supervisor of the case's agency (or an admin) may remove a document",
    );
  }
}

/** The stored content failed its integrity check: tampered with or damaged. */
export class DocumentUnreadableError extends AppError {
  constructor() {
    super(
      ErrorKind.Conflict,
      'DOCUMENT.UNREADABLE',
      'The stored document failed its integrity check and cannot be given out; an administrator must restore it from a backup',
    );
  }
}
