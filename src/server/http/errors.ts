// Typed domain errors with Russian titles; one handler (problem.ts) turns them into problem+json.
export type FieldError = { field: string; message: string };

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? title);
  }
}

export class NotFound extends DomainError {
  constructor(detail = 'Запись не найдена или недоступна') {
    super(404, 'Не найдено', detail);
  }
}

export class Unauthorized extends DomainError {
  constructor(detail = 'Войдите в систему') {
    super(401, 'Требуется вход', detail);
  }
}

export class Forbidden extends DomainError {
  constructor(detail = 'Это действие вам недоступно') {
    super(403, 'Недостаточно прав', detail);
  }
}

export class Conflict extends DomainError {
  constructor(detail: string, errors?: FieldError[]) {
    super(409, 'Конфликт', detail, errors);
  }
}

export class Invalid extends DomainError {
  constructor(detail: string, errors?: FieldError[]) {
    super(422, 'Неверные данные', detail, errors);
  }
}

export class TooManyRequests extends DomainError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'Слишком много попыток', detail);
  }
}
