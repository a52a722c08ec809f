// Building blocks shared by every module's contract.
import { z } from './zod.js';

// Ids are int4 columns. A number beyond their range names no row, so it reads as an id no row
// has (0): such a path answers 404 and such a filter finds nothing, as for any unknown id, and
// the number never reaches the database.
const MAX_ID = 2_147_483_647;
const NO_ROW = 0;
const inRange = (n: number) => (n <= MAX_ID ? n : NO_ROW);

/** Ids travel as strings in JSON whatever the column type; paths and queries accept digits only. */
export const idParam = z
  .string()
  .regex(/^[1-9][0-9]{0,99}$/, 'Неверный идентификатор')
  .transform((v) => inRange(Number(v)));
export const id = z.string();

// Control characters (line breaks included: these are one-line fields) never belong in a name a
// person typed, and NUL cannot even be stored by PostgreSQL. Nor do the invisible characters and
// the ones that change the direction of text: they make a name look like another one, or a title
// read differently on screen than it is stored and searched.
const CONTROL = /\p{Cc}/u;
const PRINTABLE = 'Уберите непечатаемые символы';
export const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
export const VISIBLE_ONLY =
  'Уберите невидимые символы и знаки смены направления текста (их не видно на экране, обычно они попадают при копировании)';
const printable = () =>
  z
    .string()
    .trim()
    .refine((v) => !CONTROL.test(v), PRINTABLE)
    .refine((v) => !INVISIBLE.test(v), VISIBLE_ONLY);

export const text = (max = 300) => printable().min(1, 'Заполните поле').max(max);
export const optionalText = (max = 300) =>
  printable()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
/** A clearable text field of a PATCH: absent leaves it as it is, null or '' clears it. */
export const patchText = (max = 300) => optionalText(max).optional();
/** A search box. */
export const searchText = printable().max(200).optional();

// In a body a reference beyond the range is refused as input, never sent to the database.
/** A reference to another row in a body: a positive id given as a string or a number. */
export const refId = z
  .union([z.string(), z.number()])
  .pipe(
    z.coerce
      .number<string | number>()
      .int()
      .positive('Неверный идентификатор')
      .max(MAX_ID, 'Неверный идентификатор'),
  );
/** An optional id filter of a list's query string. */
export const idFilter = z
  .string()
  .regex(/^[1-9][0-9]{0,99}$/, 'Неверный идентификатор')
  .transform((v) => inRange(Number(v)))
  .optional();

export const isoDate = z.iso.date('Дата должна быть в формате ГГГГ-ММ-ДД');
/** 'YYYY-MM-DD' → 'ДД.ММ.ГГГГ', as a Russian reader writes a date (in a title, a sentence, a cell of text). */
export const ruDate = (iso: string | null | undefined): string =>
  iso ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : '';

/** A list's `sort`: one of its fields, ascending, or the field with `-` before it, descending. */
export const sortParam = <F extends string>(fields: readonly [F, ...F[]]) =>
  z.enum([...fields, ...fields.map((f) => `-${f}` as const)] as [F | `-${F}`, ...(F | `-${F}`)[]]);

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });
export type Page<T> = { items: T[]; total: number };

export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problem>;
