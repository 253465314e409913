/** How much of a file the browser reads for the preview: enough for the header and 20 long rows. */
export const PREVIEW_BYTES = 256 * 1024;

/** The first bytes of a file as base64, read with File.slice: the rest of the file is never loaded. */
export async function readFileHead(file: File): Promise<{ base64: string; complete: boolean }> {
  const bytes = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { base64: btoa(binary), complete: file.size <= PREVIEW_BYTES };
}

export interface UploadResult {
  id: string;
}

/**
 * Sends the file as the raw request body (the server streams it to disk). XMLHttpRequest rather than
 * fetch: only it reports upload progress.
 */
export function uploadImport(
  url: string,
  file: File,
  onProgress: (fraction: number) => void,
): { promise: Promise<UploadResult>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadResult>((resolve, reject) => {
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new Error("The upload was interrupted. Check your connection and try again."));
    xhr.onabort = () => reject(new Error("The upload was canceled."));
    xhr.onload = () => {
      let body: { id?: string; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // A proxy's HTML error page: fall through to the status text.
      }
      if (xhr.status === 201 && body.id) resolve({ id: body.id });
      else reject(new Error(body.error?.message ?? `The upload failed (${xhr.status} ${xhr.statusText}).`));
    };
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
