// The Russian strings of verify, loaded with the pages that show them (see ru.ts).

export const verifyText = {
  title: 'Проверка документа об обучении',
  lead: 'Введите регистрационный номер с удостоверения, диплома или справки либо отсканируйте QR-код на документе.',
  number: 'Регистрационный номер',
  check: 'Проверить',
  genuine: 'Документ выдан',
  revoked: (date: string) => `Документ аннулирован ${date}`,
  replacedBy: (number: string) => `Взамен выдан документ № ${number}`,
  unknown: 'Документ с таким номером не выдавался',
  unknownHint: 'Проверьте номер: он напечатан на документе рядом с датой выдачи.',
  kind: 'Вид документа',
  holder: 'Владелец',
  program: 'Программа',
  hours: 'Объём, часов',
  provider: 'Организация',
  issuedOn: 'Дата выдачи',
};
