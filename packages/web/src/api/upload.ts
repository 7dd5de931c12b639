/**
 * POST /api/documents through XMLHttpRequest: fetch cannot report upload progress, XHR's
 * `upload.onprogress` can. Same session cookie, CSRF header and problem+json errors as `api`.
 */
import { ApiError, problemFrom, requestHeaders } from './http.ts';
import type { DocumentInfo } from './types.ts';

export interface UploadFields {
  /** Empty: the server uses the file name. */
  title?: string;
  /** Group names to share with; empty: only the uploader reads it. */
  groups: string[];
}

export interface UploadResult {
  document: DocumentInfo;
  /** The same bytes were already uploaded by this user: the existing document is returned. */
  duplicate: boolean;
}

/** The multipart body: fields first, then the file (the server reads every part either way). */
export function uploadFormData(file: Blob & { name?: string }, fields: UploadFields): FormData {
  const form = new FormData();
  const title = fields.title?.trim();
  if (title) form.append('title', title);
  if (fields.groups.length > 0) form.append('groups', fields.groups.join(','));
  form.append('file', file, file.name ?? 'document');
  return form;
}

export function uploadDocument(
  file: File,
  fields: UploadFields,
  onProgress: (sentBytes: number, totalBytes: number) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/documents');
    request.withCredentials = true;
    // No content-type: the browser writes multipart/form-data with its boundary.
    for (const [name, value] of Object.entries(requestHeaders('POST', false))) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        try {
          resolve(JSON.parse(request.responseText) as UploadResult);
        } catch {
          reject(new ApiError({ status: request.status, code: 'INTERNAL' }));
        }
        return;
      }
      const retryAfter = request.getResponseHeader('retry-after');
      const response = new Response(request.responseText, {
        status: request.status,
        statusText: request.statusText,
        headers: retryAfter ? { 'retry-after': retryAfter } : {},
      });
      void problemFrom(response).then((problem) => reject(new ApiError(problem)));
    };
    // A server that refuses a large body early may close the connection before answering.
    request.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK_ERROR' }));
    request.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(uploadFormData(file, fields));
  });
}
