// Building blocks shared by every module's contract.
import { z } from './zod.js';

/** Ids travel as strings in JSON whatever the column type; paths and queries accept digits only. */
export const idParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'Неверный идентификатор')
  .transform(Number);
export const idOut = z.union([z.string(), z.number()]).transform(String);
export const id = z.string();

export const text = (max = 300) => z.string().trim().min(1, 'Заполните поле').max(max);
export const optionalText = (max = 300) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const isoDate = z.iso.date('Дата должна быть в формате ГГГГ-ММ-ДД');

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
