import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Not, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { VersionConflictError } from '../../common/errors/app-error';
import { updateIfVersionMatches } from '../../database/versioned-update';
import { sqlList } from '../../database/sql-list';
import { ReferralService, ReferralStatus } from '../referrals/referral.enums';
import { UserRole } from '../users/user-role';
import { CaseTask } from './case-task.entity';
import { TaskNotFoundError } from './tasks.errors';

/** Staff dates are days in Jakarta: a digest for a day covers what is due before its midnight there. */
export const STAFF_TIME_ZONE = 'Asia/Jakarta';

/** Who gets follow-up mail: the roles that may be assigned a task or a case. */
export const FOLLOW_UP_ROLES = [UserRole.Caseworker, UserRole.Supervisor] as const;

/** Referrals the receiving agency still owes an answer or a result on. */
export const OPEN_REFERRAL_STATUSES = [
  ReferralStatus.Sent,
  ReferralStatus.Acknowledged,
  ReferralStatus.InProgress,
] as const;

// $1 is a Jakarta day (yyyy-mm-dd); this is the instant it ends.
const END_OF_DAY = `(($1::date + 1)::timestamp AT TIME ZONE '${STAFF_TIME_ZONE}')`;

// The planner and the digest must agree on what "has something due" means, or the planner would
// queue digests that the delivery then finds empty. Both join the case and keep only those of the
// user's own agency: someone moved to another agency no longer reads its cases.
const DUE_TASKS = `
  SELECT t.id, t.assignee_id AS user_id, c.owning_agency_id AS agency_id, c.case_number, t.title,
         t.due_at
  FROM case_tasks t
  JOIN cases c ON c.id = t.case_id
  WHERE t.done_at IS NULL AND t.due_at < ${END_OF_DAY}`;

const DUE_REFERRALS = `
  SELECT r.id, w.user_id, c.owning_agency_id AS agency_id, c.case_number, a.name AS agency_name,
         r.service, r.status, r.due_at
  FROM referrals r
  JOIN cases c ON c.id = r.case_id
  JOIN agencies a ON a.id = r.agency_id
  CROSS JOIN LATERAL (VALUES (c.assigned_caseworker_id), (c.supervisor_id)) AS w (user_id)
  WHERE r.status IN (${sqlList(OPEN_REFERRAL_STATUSES)}) AND r.due_at < ${END_OF_DAY}
    AND w.user_id IS NOT NULL`;

const FOLLOW_UP_USER = `u.disabled_at IS NULL AND u.role IN (${sqlList(FOLLOW_UP_ROLES)})`;

export interface TaskListQuery {
  open?: boolean;
  limit: number;
  offset: number;
}

export interface DueTaskRow {
  case_number: string;
  title: string;
  due_at: Date;
}

export interface DueReferralRow {
  case_number: string;
  agency_name: string;
  service: ReferralService;
  status: ReferralStatus;
  due_at: Date;
}

@Injectable()
export class TasksRepository {
  constructor(@InjectRepository(CaseTask) private readonly tasks: Repository<CaseTask>) {}

  insert(fields: QueryDeepPartialEntity<CaseTask>, manager: EntityManager): Promise<CaseTask> {
    const repository = manager.getRepository(CaseTask);
    return repository.save(repository.create(fields as CaseTask));
  }

  findById(id: string): Promise<CaseTask | null> {
    return this.tasks.findOneBy({ id });
  }

  /** A task asked for under the wrong case is not found, like a missing one. */
  findInCase(caseId: string, id: string): Promise<CaseTask | null> {
    return this.tasks.findOneBy({ id, caseId });
  }

  lockForUpdate(caseId: string, id: string, manager: EntityManager): Promise<CaseTask | null> {
    return manager
      .getRepository(CaseTask)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id AND t.case_id = :caseId', { id, caseId })
      .getOne();
  }

  /** Soonest due first, which puts the overdue ones on top. */
  listForCase(caseId: string, query: TaskListQuery): Promise<CaseTask[]> {
    const doneAt = query.open === undefined ? undefined : query.open ? IsNull() : Not(IsNull());
    return this.tasks.find({
      where: { caseId, ...(doneAt ? { doneAt } : {}) },
      order: { dueAt: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
  }

  async update(
    id: string,
    expectedVersion: number,
    changes: QueryDeepPartialEntity<CaseTask>,
    manager: EntityManager,
  ): Promise<CaseTask> {
    const result = await updateIfVersionMatches(
      manager.getRepository(CaseTask),
      id,
      expectedVersion,
      changes,
    );
    if (result.outcome === 'not_found') throw new TaskNotFoundError();
    if (result.outcome === 'stale') throw new VersionConflictError('task', result.currentVersion);
    return result.row;
  }

  /**
   * Active caseworkers and supervisors with an open task or an open referral due before the end
   * of `day`, overdue ones included. Driven from the due work rather than from the users, so
   * the cost follows how much is due, not how many accounts exist.
   */
  async usersWithWorkDue(day: string, manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<Array<{ id: string }>>(
      `WITH due AS (
         SELECT user_id, agency_id FROM (${DUE_TASKS}) AS tasks
         UNION
         SELECT user_id, agency_id FROM (${DUE_REFERRALS}) AS referrals
       )
       SELECT DISTINCT u.id
       FROM due JOIN users u ON u.id = due.user_id AND u.agency_id = due.agency_id
       WHERE ${FOLLOW_UP_USER}
       ORDER BY u.id`,
      [day],
    );
    return rows.map((row) => row.id);
  }

  dueTasksOf(userId: string, day: string): Promise<DueTaskRow[]> {
    return this.tasks.query<DueTaskRow[]>(
      `SELECT d.case_number, d.title, d.due_at
       FROM (${DUE_TASKS}) AS d JOIN users u ON u.id = d.user_id AND u.agency_id = d.agency_id
       WHERE d.user_id = $2 AND ${FOLLOW_UP_USER}
       ORDER BY d.due_at, d.id`,
      [day, userId],
    );
  }

  /** Once per referral, also when the user is both its case's caseworker and supervisor. */
  dueReferralsOf(userId: string, day: string): Promise<DueReferralRow[]> {
    return this.tasks.query<DueReferralRow[]>(
      `SELECT DISTINCT ON (d.due_at, d.id) d.case_number, d.agency_name, d.service, d.status, d.due_at
       FROM (${DUE_REFERRALS}) AS d JOIN users u ON u.id = d.user_id AND u.agency_id = d.agency_id
       WHERE d.user_id = $2 AND ${FOLLOW_UP_USER}
       ORDER BY d.due_at, d.id`,
      [day, userId],
    );
  }
}
