// Russian personal names for the demo data (the lists are in data/names.json): surnames that agree
// in gender, and a transliteration for e-mail logins.

/** The surname in the person's gender: Иванов → Иванова, Островский → Островская, Черных stays. */
export function surname(male: string, female: boolean): string {
  if (!female) return male;
  if (/(ск|цк)ий$/.test(male)) return `${male.slice(0, -2)}ая`;
  if (/(ой|ый)$/.test(male)) return `${male.slice(0, -2)}ая`;
  if (/(ов|ев|ёв|ин|ын)$/.test(male)) return `${male}а`;
  return male;
}

const LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Cyrillic → Latin for logins (lower case, ASCII only). */
export function translit(text: string): string {
  return [...text.toLowerCase()].map((ch) => LATIN[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')).join('');
}
