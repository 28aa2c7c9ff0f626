import { AppError, ErrorKind } from '../../common/errors/app-error';

export class QueueNotFoundError extends AppError {
  constructor(name: string) {
    super(
      ErrorKind.NotFound,
      'QUEUE.NOT_FOUND',
      `Antrian "${name.slice(0, 50)}" tidak ada untuk peran Anda. / There is no queue "${name.slice(0, 50)}" for your role.`,
    );
  }
}
