import { api, ApiError, type ApiErrorBody, type Schemas } from './client';

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
  const address = URL.createObjectURL(result.data);
  const link = window.document.createElement('a');
  link.href = address;
  link.download = document.fileName ?? `${document.kind}`;
  link.rel = 'noopener';
  window.document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file to the browser's download.
  setTimeout(() => URL.revokeObjectURL(address), 10_000);
}
