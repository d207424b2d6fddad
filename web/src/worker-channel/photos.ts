import type { Lang } from '@anxin/shared/i18n/messages';
import type { Result } from './api';

/**
 * Evidence photos are shrunk on the phone before they leave it: a 12-megapixel pay-slip
 * photo is 4–6 MB, which a worker on a prepaid data plan pays for and a weak link may never
 * finish; at 1600 px on the long side the text stays readable at a few hundred KB.
 */
const MAX_SIDE = 1600;

/**
 * Shrinks a photo as soon as it is chosen, so the preview and the upload are the small copy.
 * An image the browser cannot decode (HEIC on an old Android) is kept as taken; the server
 * refuses a type it does not accept, in words.
 */
export async function compressPhoto(file: File): Promise<Blob> {
  if (!file.type.startsWith('image/')) return file;
  try {
    // Loaded only when a worker adds a photo: most complaints have none, and the library
    // is larger than the whole form.
    const { default: imageCompression } = await import('browser-image-compression');
    return await imageCompression(file, {
      maxWidthOrHeight: MAX_SIDE,
      // Under the server's 2 MiB per photo (PUBLIC_PHOTO_LIMITS.maxBytes), with room.
      maxSizeMB: 1.5,
      // Its worker is built from a blob: URL (refused by the page's CSP, worker-src 'self')
      // and fetches a copy of the library from a CDN; on the main thread a phone takes well
      // under a second per photo.
      useWebWorker: false,
      initialQuality: 0.8,
      fileType: file.type === 'image/png' ? 'image/png' : 'image/jpeg',
    });
  } catch {
    return file;
  }
}

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Uploads one compressed photo (POST /api/public/photos). The server holds it under the
 * mobile the complaint's code proves, so it goes only once the worker has the code, just
 * before the complaint itself; resolves to the sha256 the complaint then names.
 */
export async function uploadPhoto(
  photo: Blob,
  proof: { mobile: string; otp: string },
  lang: Lang,
): Promise<Result<string>> {
  let res: Response;
  try {
    res = await fetch('/api/public/photos', {
      method: 'POST',
      headers: {
        'Content-Type': photo.type || 'application/octet-stream',
        'X-Content-Sha256': await sha256Hex(photo),
        'X-Anxin-Mobile': proof.mobile,
        'X-Anxin-Otp': proof.otp,
        Accept: 'application/json',
        'Accept-Language': lang === 'en' ? 'en' : 'zh-CN',
      },
      body: photo,
      credentials: 'omit',
    });
  } catch {
    return { ok: false, failure: { kind: 'network' } };
  }
  const json = (await res.json().catch(() => null)) as {
    sha256?: unknown;
    error?: { message?: string; fields?: Record<string, string> };
  } | null;
  if (res.ok && typeof json?.sha256 === 'string') return { ok: true, value: json.sha256 };
  const message = json?.error?.message ?? '';
  if (res.status === 400) {
    return { ok: false, failure: { kind: 'invalid', message, fields: json?.error?.fields ?? {} } };
  }
  return { ok: false, failure: { kind: 'server', status: res.status, message } };
}
