// How a download is labelled: the file's name in the `Content-Disposition` header.

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
