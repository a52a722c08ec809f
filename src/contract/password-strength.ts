// How easy a new password is to guess: zxcvbn-ts with its common dictionaries (the most used and
// leaked passwords, English words and names, keyboard walks) and a short Russian list of our own
// (no Russian dictionary is published for it). The server refuses a weak password with the reason
// in Russian; the forms load this module on demand (its dictionaries are large) to show the
// strength while one types.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN_LENGTH } from './auth.js';

/** zxcvbn's score (0–4) a new password needs: 3 — «safely unguessable» for an online attack. */
export const PASSWORD_MIN_SCORE = 3;

// The most common Russian passwords and their typical spellings: a word typed with the English
// layout on, the Russian keyboard's rows, and the names of this Bank and its region.
const RUSSIAN_COMMON = [
  'пароль',
  'gfhjkm',
  'parol',
  'йцукен',
  'йцукенгшщз',
  'йцукенгшщзхъ',
  'фывапролдж',
  'ячсмить',
  'ячсмитьбю',
  'привет',
  'ghbdtn',
  'privet',
  'любовь',
  'lubov',
  'солнце',
  'солнышко',
  'котик',
  'зайка',
  'мама',
  'папа',
  'наташа',
  'настя',
  'катя',
  'маша',
  'саша',
  'россия',
  'rossiya',
  'москва',
  'moskva',
  'пермь',
  'perm',
  'учитель',
  'школа',
  'shkola',
  'ученик',
  'педагог',
  'директор',
  'методист',
  'оператор',
  'админ',
  'администратор',
  'курсы',
  'банк',
  'ебппк',
  'ebppk',
  'demo',
  'демо',
  'qwerty',
  'qwertyuiop',
  'asdfghjkl',
];

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...dictionary, russianCommon: RUSSIAN_COMMON },
  graphs: adjacencyGraphs,
});

const WARNINGS: Record<string, string> = {
  straightRow: 'это ряд клавиш подряд',
  keyPattern: 'это узор на клавиатуре',
  simpleRepeat: 'в нём повторяется один символ',
  extendedRepeat: 'в нём повторяется одна и та же часть',
  sequences: 'это последовательность вроде «abc» или «12345»',
  recentYears: 'в нём год, который легко угадать',
  dates: 'это дата, её легко угадать',
  topTen: 'это один из самых распространённых паролей',
  topHundred: 'это один из самых распространённых паролей',
  common: 'это распространённый пароль, он есть в списках утёкших паролей',
  similarToCommon: 'он похож на распространённый пароль',
  wordByItself: 'одно слово легко подобрать',
  namesByThemselves: 'имена и фамилии легко подобрать',
  commonNames: 'распространённые имена и фамилии легко подобрать',
  userInputs: 'в нём ваши имя, логин или адрес',
};

export type PasswordStrength = {
  /** 0 (guessed at once) … 4 (very hard to guess). */
  score: 0 | 1 | 2 | 3 | 4;
  /** Why the password is refused, in Russian; null when it is good enough. */
  problem: string | null;
};

/** How strong `password` is; `userInputs`: the person's name, login, e-mail (not to be used in it). */
export function passwordStrength(password: string, userInputs: string[] = []): PasswordStrength {
  const inputs = userInputs.flatMap((v) => v.toLowerCase().split(/[\s@.]+/)).filter((v) => v.length >= 3);
  const result = zxcvbn.check(password.slice(0, 128), inputs);
  const score = result.score as PasswordStrength['score'];
  if ([...password].length < PASSWORD_MIN_LENGTH)
    return {
      score: Math.min(score, 1) as PasswordStrength['score'],
      problem: `Пароль короче ${PASSWORD_MIN_LENGTH} символов`,
    };
  if (score >= PASSWORD_MIN_SCORE) return { score, problem: null };
  const word = result.sequence.find(
    (m) => m.pattern === 'dictionary' && 'dictionaryName' in m && m.dictionaryName === 'russianCommon',
  );
  const why =
    (result.feedback.warning && WARNINGS[result.feedback.warning]) ||
    (word ? `слово «${word.token}» подбирают первым` : 'его легко подобрать');
  return {
    score,
    problem: `Слишком простой пароль: ${why}. Добавьте ещё слово или несколько символов, не связанных с вами`,
  };
}
