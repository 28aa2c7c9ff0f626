import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { CreateTaskDto, ListTasksQueryDto, UpdateTaskDto } from './dto/task-requests.dto';
import { TaskResponseDto } from './dto/task-response.dto';
import { TasksService } from './tasks.service';
import { CaseRefPipe } from '../cases/case-ref.pipe';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type ListPage, offsetPage } from '../../common/http/pagination.dto';

/**
 * Follow-up tasks of a case, each reminded to its assignee by email when due. Whoever may read
 * the case reads its tasks; a case (or a task of it) the caller may not see answers 404.
 */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('cases/:id/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  /** Caseworkers, supervisors and admins who may change the case. */
  @ApiRoute('createTask', { errors: [403] })
  @Post()
  create(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) caseId: string,
    @Body() dto: CreateTaskDto,
  ): Promise<TaskResponseDto> {
    return this.tasks.create(actor, caseId, dto);
  }

  /** Soonest due first; `open=true` for what is still to do. */
  @ApiRoute('listTasks', { list: TaskResponseDto })
  @Get()
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) caseId: string,
    @Query() query: ListTasksQueryDto,
  ): Promise<ListPage<TaskResponseDto>> {
    return this.tasks
      .list(actor, caseId, query)
      .then((items) => offsetPage({ items, total: null }, query, (item) => item));
  }

  @ApiRoute('getTask')
  @Get(':taskId')
  get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) caseId: string,
    @Param('taskId', uuidParam('taskId')) taskId: string,
  ): Promise<TaskResponseDto> {
    return this.tasks.get(actor, caseId, taskId);
  }

  /** Send the `version` you read: a stale one gets 409. `done: true` completes, `false` reopens. */
  @ApiRoute('updateTask', { errors: [403, 409] })
  @Patch(':taskId')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) caseId: string,
    @Param('taskId', uuidParam('taskId')) taskId: string,
    @Body() dto: UpdateTaskDto,
  ): Promise<TaskResponseDto> {
    return this.tasks.update(actor, caseId, taskId, dto);
  }
}
