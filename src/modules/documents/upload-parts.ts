import type { Readable } from 'node:stream';
import { AppError, ValidationFailedError } from '../../common/errors/app-error';
import { MAX_DOCUMENT_BYTES } from './document.enums';
import { DocumentTooLargeError } from './documents.errors';

/** A part of a multipart form as @fastify/multipart gives it, reduced to what an upload reads. */
export type UploadPart =
  | { type: 'field'; fieldname: string; value: unknown }
  | { type: 'file'; fieldname: string; filename: string; file: Readable };

/**
 * What the form parser may read of an upload: a file one byte over the limit (so that the limit
 * itself is allowed and anything larger is seen), two short fields, nothing else.
 */
export const UPLOAD_LIMITS = {
  fileSize: MAX_DOCUMENT_BYTES + 1,
  files: 1,
  fields: 4,
  parts: 6,
  fieldSize: 200,
  fieldNameSize: 50,
  headerPairs: 20,
};

const MALFORMED_FORM =
  /^(Unexpected end of (form|file)|Malformed part header|Multipart: Boundary not found)/;

/** @fastify/multipart's refusals, by code, as this API's errors. */
export function uploadFailure(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new DocumentTooLargeError();
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return ValidationFailedError.forField(
        'file',
        'send the document as multipart/form-data, with kind (and victimId) before file',
      );
    case 'FST_FILES_LIMIT':
      return ValidationFailedError.forField('file', 'send one file per upload');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return ValidationFailedError.forField('file', 'the form has more parts than an upload takes');
    case 'FST_PROTO_VIOLATION':
      return ValidationFailedError.forField('file', 'a field name is not allowed');
    case 'FST_MP_PREMATURE_CLOSE':
      return ValidationFailedError.forField('file', 'the upload was cut off before its end');
    default:
      // busboy's own words for a form that is not well formed; it gives them no code.
      if (error instanceof Error && MALFORMED_FORM.test(error.message))
        return ValidationFailedError.forField('file', 'the multipart form is not well formed');
      return error;
  }
}
