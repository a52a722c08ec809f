// The Russian strings of provider documents, loaded with the pages that show them (see ru.ts).

/** The provider card's fields for its documents. */
export const providerDocumentsText = {
  title: 'Реквизиты документов об обучении',
  lead: 'Печатаются на удостоверениях, дипломах и справках. Выданные документы не меняются при правке карточки.',
  numberTemplate: 'Шаблон регистрационного номера',
  numberTemplateHint: '{year} — год выдачи, {seq} — порядковый номер за год (5 цифр; {seq:6} — 6 цифр)',
  blankSeries: 'Серия бланков',
  inn: 'ИНН',
  ogrn: 'ОГРН',
  city: 'Город выдачи',
  signatories: 'Подписывают документы',
  signatoryPosition: 'Должность',
  signatoryName: 'Фамилия и инициалы',
  addSignatory: 'Добавить подпись',
  removeSignatory: (n: number) => `Убрать подпись ${n}`,
};
