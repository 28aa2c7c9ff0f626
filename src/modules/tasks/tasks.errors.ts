import { AppError, ErrorKind } from '../../common/errors/app-error';

export class TaskNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'TASK.NOT_FOUND', 'Task not found');
  }
}
