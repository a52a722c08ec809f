// Who has a profile with the data for documents, as rules of the one mechanism
// (access/policy.ts): a teacher, and only their own.
import { definePolicy, rule } from '../access/policy.js';

const own = rule<{ userId: number }>(['teacher'], (actor, row) => row.userId === actor.userId, {
  denied: 'Профиль с данными для документов есть только у педагога',
  missing: 'Профиль педагога не найден. Обратитесь к оператору Банка',
});

export const profilePolicy = definePolicy({
  'profile.view': own,
  'profile.update': own,
});
