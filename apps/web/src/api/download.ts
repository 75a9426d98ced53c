import { ApiError } from './client';

export interface BlobAnswer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The file name the API gave (Content-Disposition), else the fallback. */
export function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

/**
 * Saves a report file fetched through the typed client (`parseAs: 'blob'`): the browser's own
 * download, with the name the API chose.
 */
export async function saveDownload(call: Promise<BlobAnswer>, fallbackName: string): Promise<string> {
  const { data, response } = await call;
  if (!response.ok || !(data instanceof Blob)) throw new ApiError(response.status, undefined, `HTTP ${response.status}`);
  const name = fileNameOf(response, fallbackName);
  const url = URL.createObjectURL(data);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser the time to start the download before the URL goes.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return name;
}
