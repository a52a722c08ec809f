// The federal statistical form No. 1-ПК (квартальная), «Сведения о численности слушателей в возрасте
// 15 лет и старше, обученных по дополнительным профессиональным программам» (Rosstat order No. 877
// of 30.11.2022), as far as the Bank's data fills it. The form is a set of sections; each has
// numbered columns and coded lines. A line the Bank cannot know is sent with empty cells and
// `manual` set: the provider fills it in by hand.
import { id, idFilter } from './common.js';
import { z } from './zod.js';

export const form1pkQuery = z.object({
  year: z.coerce
    .number({ error: 'Укажите год' })
    .int('Укажите год числом')
    .min(2000, 'Год — не раньше 2000')
    .max(2100, 'Год — не позже 2100'),
  quarter: z.coerce
    .number({ error: 'Укажите квартал' })
    .int('Квартал — число от 1 до 4')
    .min(1, 'Квартал — число от 1 до 4')
    .max(4, 'Квартал — число от 1 до 4'),
  /** The operator names the provider; a provider's administrator gets his own without it. */
  providerId: idFilter,
});
export type Form1pkQuery = z.infer<typeof form1pkQuery>;

export const form1pkLine = z.object({
  /** The line's code on the form (01, 02, …); empty for the Bank's own note lines. */
  code: z.string(),
  title: z.string(),
  /** One value per column after the line's name and code; null: left empty. */
  values: z.array(z.number().nullable()),
  /** The Bank cannot know these figures: the provider fills the line in by hand. */
  manual: z.boolean(),
  /** How deep the line sits under the one it details («из них», «в том числе»). */
  level: z.number(),
});
export type Form1pkLine = z.infer<typeof form1pkLine>;

export const form1pkSection = z.object({
  code: z.string(),
  title: z.string(),
  /** The columns of figures, numbered as on the form (1 is the line's name, 2 its code). */
  columns: z.array(z.object({ number: z.number(), title: z.string(), group: z.string().nullable() })),
  lines: z.array(form1pkLine),
  note: z.string().nullable(),
});
export type Form1pkSection = z.infer<typeof form1pkSection>;

export const form1pk = z.object({
  year: z.number(),
  quarter: z.number(),
  /** The period the figures cover: from the year's first day to the quarter's last. */
  from: z.string(),
  to: z.string(),
  provider: z.object({
    id,
    name: z.string(),
    inn: z.string().nullable(),
    ogrn: z.string().nullable(),
    address: z.string().nullable(),
  }),
  sections: z.array(form1pkSection),
});
export type Form1pk = z.infer<typeof form1pk>;

export const MANUAL_LABEL = 'заполняется вручную';
