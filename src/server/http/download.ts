// How a download is labelled (the file's name in the `Content-Disposition` header) and sent.
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * `Content-Disposition: attachment` with an ASCII fallback name and the real (often Cyrillic) one
 * in RFC 5987 / 6266 `filename*` form, which every current browser prefers.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'file';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sends a file to download under `name`. Downloads carry personal data more often than not, so no
 * cache (a shared proxy or the browser's disk) keeps them.
 */
export function sendDownload(
  reply: FastifyReply,
  type: string,
  name: string,
  body: Buffer | Uint8Array | Readable,
): FastifyReply {
  return (
    reply
      .type(type)
      .header('content-disposition', contentDisposition(name))
      .header('cache-control', 'private, no-store')
      // A Buffer or a stream goes out as it is; the route's schema only documents it.
      .send(body as unknown as string)
  );
}
