// Attached files: which kinds are accepted (the name's extension and the content's first bytes
// must agree) and what a stored name may be. Pure functions.
import { FILE_EXTENSIONS, MAX_FILE_BYTES } from '../../contract/catalog.js';

export { MAX_FILE_BYTES };

type Extension = (typeof FILE_EXTENSIONS)[number];

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Each accepted kind: the Content-Type it is served with and the signature its content starts with. */
const KINDS: Record<Extension, { contentType: string; magic: number[] }> = {
  pdf: { contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  doc: { contentType: 'application/msword', magic: OLE2 },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: ZIP,
  },
  xls: { contentType: 'application/vnd.ms-excel', magic: OLE2 },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    magic: ZIP,
  },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', magic: ZIP },
  jpg: { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  png: { contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  zip: { contentType: 'application/zip', magic: ZIP },
};

const ACCEPTED = FILE_EXTENSIONS.join(', ');

export type FileCheck = { ok: true; name: string; contentType: string } | { ok: false; message: string };

/**
 * A file's name as stored: no directories, no control characters, at most 200 characters,
 * keeping the extension.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const name = base.replace(/[\u0000-\u001f\u007f-\u009f"]/g, '').trim();
  if (name.length <= 200) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  return name.slice(0, 200 - ext.length) + ext;
}

/** Whether an upload is of an accepted kind: by its extension, confirmed by its content. */
export function checkFile(rawName: string, content: Uint8Array): FileCheck {
  const name = cleanFileName(rawName);
  const dot = name.lastIndexOf('.');
  const ext = (dot > 0 ? name.slice(dot + 1) : '').toLowerCase();
  if (!name || dot <= 0) return { ok: false, message: `Имя файла должно иметь расширение: ${ACCEPTED}` };
  const kind = (KINDS as Record<string, (typeof KINDS)[Extension] | undefined>)[ext];
  if (!kind) return { ok: false, message: `Файлы .${ext} не принимаются; допустимые типы: ${ACCEPTED}` };
  if (content.length === 0) return { ok: false, message: 'Файл пуст' };
  if (!kind.magic.every((byte, i) => content[i] === byte))
    return { ok: false, message: `Содержимое файла не похоже на .${ext}` };
  return { ok: true, name, contentType: kind.contentType };
}
