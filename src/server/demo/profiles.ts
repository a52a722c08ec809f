// Demo teachers' personal data for documents: most have filled their profile (birth date, sex,
// a valid СНИЛС, education and diploma), some only part of it, some nothing yet — as after
// sign-up. The memorable teacher lacks СНИЛС and diploma data, so their profile shows what is
// missing. From a PRNG of its own, so the rest of the demo keeps its names.
import { snilsControl } from '../../contract/profile.js';
import { regionDate } from '../clock.js';
import type { EducationLevel, Sex } from '../db/schema.js';
import { NAMES } from './data.js';
import { surname } from './names.js';
import type { Random } from './seed.js';

export type PersonalData = {
  birthDate: string | null;
  sex: Sex | null;
  snils: string | null;
  educationLevel: EducationLevel | null;
  diplomaSurname: string | null;
  diplomaSeries: string | null;
  diplomaNumber: string | null;
};

const NONE: PersonalData = {
  birthDate: null,
  sex: null,
  snils: null,
  educationLevel: null,
  diplomaSurname: null,
  diplomaSeries: null,
  diplomaNumber: null,
};

/** A СНИЛС above 001-001-998 with its control number. */
export function demoSnils(random: Random): string {
  const first9 = String(random.int(2_000_000, 999_999_999)).padStart(9, '0');
  return `${first9}${String(snilsControl(first9)).padStart(2, '0')}`;
}

const digits = (random: Random, n: number) => Array.from({ length: n }, () => random.int(0, 9)).join('');

export function personalData(
  random: Random,
  now: Date,
  person: { lastName: string; female: boolean },
  memorable: boolean,
): PersonalData {
  const filled = memorable
    ? 'partial'
    : random.weightedPick<'all' | 'partial' | 'none'>([
        ['all', 75],
        ['partial', 10],
        ['none', 15],
      ]);
  if (filled === 'none') return NONE;
  const year = Number(regionDate(now).slice(0, 4)) - random.int(23, 63);
  const birthDate = `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
  const educationLevel = random.weightedPick<EducationLevel>([
    ['higher', 78],
    ['secondary_vocational', 18],
    ['higher_in_progress', 3],
    ['secondary_vocational_in_progress', 1],
  ]);
  const base = { ...NONE, birthDate, sex: (person.female ? 'female' : 'male') as Sex, educationLevel };
  if (filled === 'partial') return memorable ? { ...base, educationLevel: 'higher' } : base;
  const diploma = educationLevel === 'higher' || educationLevel === 'secondary_vocational';
  // A married woman's diploma may bear her maiden name.
  const maiden =
    person.female && random.next() < 0.2 ? surname(random.pick(NAMES.surnames), true) : person.lastName;
  return {
    ...base,
    snils: demoSnils(random),
    diplomaSurname: diploma ? maiden : null,
    diplomaSeries: diploma ? `${educationLevel === 'higher' ? '1059' : '1159'}${digits(random, 2)}` : null,
    diplomaNumber: diploma ? digits(random, 7) : null,
  };
}
