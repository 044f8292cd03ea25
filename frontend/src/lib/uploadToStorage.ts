/** PUT a file straight to a presigned URL with exactly the headers the API issued.
 * XMLHttpRequest, not fetch, because only it reports upload progress. */

class UploadError extends Error {}

export interface UploadRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  file: Blob;
  onProgress?: (fraction: number) => void;
  XHR?: typeof XMLHttpRequest;
}

export function uploadToStorage({
  url,
  method = "PUT",
  headers = {},
  file,
  onProgress,
  XHR = globalThis.XMLHttpRequest,
}: UploadRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XHR();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve();
      } else {
        reject(
          new UploadError(
            `The storage service refused the upload (HTTP ${xhr.status}); try again.`,
          ),
        );
      }
    };
    xhr.onerror = () =>
      reject(
        new UploadError(
          "The upload did not reach the storage service; check your connection and try again.",
        ),
      );
    xhr.ontimeout = () => reject(new UploadError("The upload timed out; try again."));
    xhr.send(file);
  });
}
