import { CaseTask } from '../case-task.entity';

export class TaskResponseDto {
  id!: string;
  caseId!: string;
  title!: string;
  dueAt!: Date;
  assigneeId!: string;
  done!: boolean;
  doneAt!: Date | null;
  doneBy!: string | null;
  createdBy!: string;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(task: CaseTask): TaskResponseDto {
    return Object.assign(new TaskResponseDto(), {
      id: task.id,
      caseId: task.caseId,
      title: task.title,
      dueAt: task.dueAt,
      assigneeId: task.assigneeId,
      done: task.doneAt !== null,
      doneAt: task.doneAt,
      doneBy: task.doneBy,
      createdBy: task.createdBy,
      version: task.version,
      createdAt: task.createdAt,
      updatedAt: task.updatedAt,
    });
  }
}
