// The Russian strings of groups, loaded with the pages that show them (see ru.ts).

export const groupsText = {
  // the course page's tabs
  tabCourse: 'Курс',
  tabGroups: 'Группы',
  tabResults: 'Итоги',
  tabsLabel: 'Разделы курса',
  // groups
  groupsTitle: 'Группы обучающихся',
  groupsLead:
    'Группу формируют из слушателей, отмеченных присутствующими в первый день курса. Большой курс можно разделить на несколько групп.',
  waitingTitle: 'Ждут зачисления',
  waitingLead: (startsOn: string) =>
    `Заявки, переданные поставщику, и резерв. Отметка — посещаемость первого дня (${startsOn}).`,
  waitingEmpty: 'Никто не ждёт зачисления.',
  submittedLeft: (n: number) => `В копилках методистов ещё заявок: ${n}.`,
  colName: 'Слушатель',
  colOrganization: 'Организация',
  colTerritory: 'Территория',
  colFirstDay: 'Первый день',
  colStatus: 'Состояние',
  colGroup: 'Группа',
  colResult: 'Итог',
  selectLearner: (name: string) => `Выбрать: ${name}`,
  selectAll: 'Выбрать всех',
  firstDay: {
    present: 'Присутствовал(а)',
    absent: 'Отсутствовал(а)',
    excused: 'Уважительная причина',
  } as Record<string, string>,
  notMarked: 'Не отмечен(а)',
  formAll: 'Сформировать группу из всех присутствовавших',
  formChosen: (n: number) => `Сформировать группу из выбранных (${n})`,
  previewTitle: 'Формирование группы',
  previewFirst:
    'Это первая группа курса: курс перейдёт в состояние «Идёт обучение», остальные заявки будут закрыты, как показано ниже.',
  previewNext: 'Курс уже идёт: остальные заявки не изменятся.',
  number: 'Номер группы',
  numberDescription: 'Уникален у поставщика в пределах года. Можно изменить, пока курс не в архиве.',
  willEnrol: (n: number) => `Будут зачислены в группу — «Обучается» (${n})`,
  willNoShow: (n: number) => `Не присутствовали в первый день — «Неявка» (${n})`,
  willWithdraw: (n: number) => `Ещё не рассмотрены или в резерве — «Отозвана», причина «Курс начался» (${n})`,
  willWithdrawSubmitted: (n: number) => `и в копилках методистов: ${n}`,
  willStay: (n: number) => `Присутствовали, но не выбраны — остаются переданными для следующей группы (${n})`,
  nobody: 'Никого.',
  confirmForm: 'Сформировать группу',
  formed: (number: string) => `Группа ${number} сформирована`,
  formedText: (n: number) => `Зачислено слушателей: ${n}.`,
  noGroups: 'Групп пока нет.',
  groupTitle: (number: string) => `Группа ${number}`,
  learnersCount: (n: number) => `Слушателей: ${n}`,
  editNumber: 'Изменить номер',
  editNumberOf: (number: string) => `Изменить номер группы ${number}`,
  saveNumber: 'Сохранить номер',
  numberSaved: 'Номер группы изменён',
  numberRequired: 'Укажите номер группы',
  readOnly: 'Формировать группы может руководитель курса или начальник подразделения.',
  // results
  resultsTitle: 'Итоги обучения',
  resultsLead:
    'Отметьте, кто окончил обучение, а кого отчислили (с причиной — её увидит слушатель). Курс завершится, когда итог будет у каждого.',
  resultsNotYet: (endsOn: string) =>
    `Окончание обучения отмечается после последнего дня курса (${endsOn}). Отчислить слушателя можно и во время курса.`,
  resultsClosed: 'Курс не идёт: итоги изменить нельзя.',
  resultsEmpty: 'В группах курса пока нет слушателей.',
  complete: 'Окончил(а)',
  fail: 'Отчислен(а)',
  selected: (n: number) => `Выбрано: ${n}`,
  completeTitle: 'Окончание обучения',
  completeText: (n: number) =>
    `Отметить, что выбранные слушатели (${n}) окончили обучение? Итог окончательный: изменить его потом будет нельзя.`,
  failTitle: 'Отчисление',
  failText: (n: number) =>
    `Отчислить выбранных слушателей (${n})? Итог окончательный: изменить его потом будет нельзя.`,
  reason: 'Причина',
  reasonDescription: 'Её увидит слушатель.',
  reasonRequired: 'Укажите причину',
  outcome: (ok: number, total: number) => `Записано итогов: ${ok} из ${total}`,
  outcomeFailed: 'Не записаны:',
  allDone: (finished: boolean) =>
    finished ? 'Итоги есть у всех слушателей: курс завершён.' : 'Итоги есть у всех слушателей.',
  left: (n: number) => `Без итога: ${n}`,
};
