import { StreamableFile } from '@nestjs/common';
import { ACCEPTED_DOCUMENT_TYPES } from './document.enums';
import type { DocumentDownload } from './documents.service';

/**
 * A download as an attachment, never shown inline (a PDF can carry scripts), under its own name
 * for the browser to save: ASCII in `filename`, the exact name in RFC 5987's `filename*`.
 */
export function documentFile(download: DocumentDownload): StreamableFile {
  const fallback = download.fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return new StreamableFile(download.stream, {
    type: download.mimeType,
    length: download.sizeBytes,
    disposition: `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(download.fileName)}`,
  });
}

/** Percent-encoding as RFC 5987 wants it: encodeURIComponent leaves ' ( ) * as they are. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export const DOCUMENT_CONTENT_RESPONSE = {
  description: `The document as it was uploaded (${ACCEPTED_DOCUMENT_TYPES.join(', ')}), as an attachment`,
  content: Object.fromEntries(
    ACCEPTED_DOCUMENT_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
  ),
};
