import { fileTypeFromBuffer } from 'file-type';
import { ACCEPTED_DOCUMENT_TYPES, type AcceptedDocumentType } from './document.enums';

/** Enough of the start of a file for every accepted type's signature (file-type reads 4,100). */
export const DETECTION_BYTES = 4100;

const ACCEPTED = new Set<string>(ACCEPTED_DOCUMENT_TYPES);

/**
 * The type of a document by its first bytes, if it is one the service takes; the name and the
 * browser's claimed type are never trusted (a script renamed `akta.pdf` is still a script).
 */
export async function detectDocumentType(head: Buffer): Promise<AcceptedDocumentType | undefined> {
  if (head.length === 0) return undefined;
  const detected = await fileTypeFromBuffer(head);
  return detected && ACCEPTED.has(detected.mime)
    ? (detected.mime as AcceptedDocumentType)
    : undefined;
}
