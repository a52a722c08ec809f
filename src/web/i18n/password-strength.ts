// The Russian strings of password strength, loaded with the pages that show them (see ru.ts).

export const passwordStrengthText = {
  label: 'Надёжность пароля',
  levels: ['очень слабый', 'слабый', 'средний', 'надёжный', 'очень надёжный'],
  good: 'Пароль подходит',
};
