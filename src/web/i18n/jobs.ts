// The Russian strings of jobs, loaded with the pages that show them (see ru.ts).

/** Files a user asked to be prepared, followed while they are made. */
export const jobsText = {
  title: 'Мои задания',
  lead: 'Файлы, которые вы запустили готовить (например, документы организации за период). Готовый файл хранится 24 часа.',
  caption: 'Задания, новые первыми',
  emptyHint: 'Задание появится, когда вы запустите подготовку файла на странице «Документы организации».',
  columns: { title: 'Задание', state: 'Состояние', createdAt: 'Запущено', file: 'Файл' },
  states: {
    queued: 'В очереди',
    running: 'Выполняется',
    done: 'Готово',
    failed: 'Ошибка',
    expired: 'Файл удалён',
  },
  download: 'Скачать файл',
  failed: 'Задание не выполнено',
  progressLabel: (title: string) => `Ход задания: ${title}`,
  progressText: (done: number, total: number | null) =>
    total === null ? 'Задание ждёт своей очереди…' : `Готово ${done} из ${total}`,
  keptUntil: (at: string) => `Файл хранится до ${at}`,
};
