import { api, ApiError, type ApiErrorBody, type Schemas } from './client';
import { publicApi } from './public-client';

export type CaseDocument = Schemas['DocumentDto'];
export type DocumentKind = CaseDocument['kind'];

export interface DocumentUpload {
  kind: DocumentKind;
  victimId: string | null;
  file: File;
}

/**
 * Uploads a document as the API takes it (a multipart form, the fields before the file), with
 * XMLHttpRequest because fetch reports no upload progress: `onProgress` gets 0–100. The token
 * goes in the Authorization header, never in the address.
 */
export function uploadDocument(
  caseRef: string,
  upload: DocumentUpload,
  token: string,
  onProgress: (percent: number) => void,
): Promise<CaseDocument> {
  const form = new FormData();
  form.append('kind', upload.kind);
  if (upload.victimId) form.append('victimId', upload.victimId);
  form.append('file', upload.file, upload.file.name);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/cases/${encodeURIComponent(caseRef)}/documents`);
    request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => {
      if (request.status === 201) resolve(request.response as CaseDocument);
      else
        reject(
          new ApiError(request.status, (request.response as ApiErrorBody | null) ?? undefined),
        );
    };
    request.onerror = () => reject(new ApiError(0, undefined));
    request.send(form);
  });
}

/**
 * Downloads a document through the typed client (the token in its header) and hands it to the
 * browser to save under its name: a link with the token in it would end up in history and logs.
 */
export async function saveDocument(document: CaseDocument): Promise<void> {
  const result = await api.GET('/api/v1/documents/{documentId}/content', {
    params: { path: { documentId: document.id } },
    parseAs: 'blob',
  });
  if (!result.response.ok || !(result.data instanceof Blob))
    throw new ApiError(result.response.status, undefined);
  saveBlob(result.data, document.fileName ?? `${document.kind}`);
}

/**
 * Downloads a document a referral shares, for the partner behind the emailed link: the link's
 * token goes in the X-Response-Token header (an address would keep it in history and logs), and
 * the file is saved under the name the service gives, else `fallbackName`.
 */
export async function saveSharedDocument(
  token: string,
  documentId: string,
  fallbackName: string,
): Promise<void> {
  const result = await publicApi.GET('/api/v1/referral-responses/documents/{documentId}', {
    params: { header: { 'x-response-token': token }, path: { documentId } },
    parseAs: 'blob',
  });
  saveNamedFile(result, fallbackName);
}

/**
 * Downloads a document a referral sent to the caller's agency shares, for its staff signed in
 * (the session's token, in the header), saved under the name the service gives, else
 * `fallbackName`.
 */
export async function saveReceivedDocument(
  referralId: string,
  documentId: string,
  fallbackName: string,
): Promise<void> {
  const result = await api.GET('/api/v1/referrals/{id}/documents/{documentId}', {
    params: { path: { id: referralId, documentId } },
    parseAs: 'blob',
  });
  saveNamedFile(result, fallbackName);
}

/** A downloaded file saved under the name its Content-Disposition gives, else `fallbackName`. */
function saveNamedFile(result: { data?: unknown; response: Response }, fallbackName: string): void {
  if (!result.response.ok || !(result.data instanceof Blob))
    throw new ApiError(result.response.status, undefined);
  saveBlob(
    result.data,
    fileNameFromDisposition(result.response.headers.get('content-disposition')) ?? fallbackName,
  );
}

const EXTENSIONS: Record<CaseDocument['mimeType'], string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
};

/** A file name from what a document is ("Akta kematian.pdf"), for when the service names none. */
export function fileNameFor(label: string, mimeType: CaseDocument['mimeType']): string {
  const base = label.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'dokumen';
  return `${base}.${EXTENSIONS[mimeType]}`;
}

/**
 * The name in a Content-Disposition header: RFC 5987's exact `filename*` first, then the ASCII
 * `filename`; only its last part if it names a path; null when there is none.
 */
export function fileNameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  let name: string | null = null;
  if (extended) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = null;
    }
  }
  name ??= /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? null;
  const bare = name?.replace(/^.*[\\/]/, '').trim();
  return bare ? bare : null;
}

/** Hands a downloaded file to the browser to save, through an address only this page knows. */
export function saveBlob(blob: Blob, fileName: string): void {
  const address = URL.createObjectURL(blob);
  const link = window.document.createElement('a');
  link.href = address;
  link.download = fileName;
  link.rel = 'noopener';
  window.document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file to the browser's download.
  setTimeout(() => URL.revokeObjectURL(address), 10_000);
}
