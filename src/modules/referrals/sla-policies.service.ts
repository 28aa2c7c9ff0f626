import { modifyReturning } from '../../database/modifying-query';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AppError,
  ErrorKind,
  ValidationFailedError,
  VersionConflictError,
} from '../../common/errors/app-error';
import { isCalendarDate } from '../../common/validation/dates';
import { AuditService } from '../audit/audit.service';
import { type AuthenticatedUser, requireRole } from '../auth/authenticated-user';
import { UserRole } from '../users/user-role';
import {
  CreateHolidayDto,
  HolidayDto,
  ListSlaPoliciesQueryDto,
  SlaPolicyDto,
  UpdateSlaPolicyDto,
} from './dto/sla-policy.dto';
import { HolidayExistsError, HolidaysRepository } from './holidays.repository';
import { SlaPoliciesRepository } from './sla-policies.repository';

class SlaPolicyNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'SLA_POLICY.NOT_FOUND', 'SLA policy not found');
  }
}

class HolidayNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'HOLIDAY.NOT_FOUND', 'No holiday on that day');
  }
}

class HolidayConflictError extends AppError {
  constructor(day: string) {
    super(ErrorKind.Conflict, 'HOLIDAY.EXISTS', `${day} is already a holiday`, { day });
  }
}

@Injectable()
export class SlaPoliciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: SlaPoliciesRepository,
    private readonly holidayRows: HolidaysRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListSlaPoliciesQueryDto): Promise<SlaPolicyDto[]> {
    return (await this.policies.list(query)).map((p) => SlaPolicyDto.from(p));
  }

  async update(
    actor: AuthenticatedUser,
    id: string,
    dto: UpdateSlaPolicyDto,
  ): Promise<SlaPolicyDto> {
    requireRole(actor, UserRole.Admin);
    const { version, ...changes } = dto;
    const updated = await this.dataSource.transaction(async (manager) => {
      const result = await this.policies.update(
        id,
        version,
        { ...changes, updatedBy: actor.id },
        manager,
      );
      if (result.outcome === 'not_found') throw new SlaPolicyNotFoundError();
      if (result.outcome === 'stale')
        throw new VersionConflictError('sla_policy', result.currentVersion);
      await this.audit.record(manager, actor, {
        action: 'sla_policy.updated',
        entityType: 'sla_policy',
        entityId: id,
        changes: { ...changes },
      });
      return result.row;
    });
    this.policies.forgetCached();
    return SlaPolicyDto.from(updated);
  }

  async holidays(year?: number): Promise<HolidayDto[]> {
    return (await this.holidayRows.list(year)).map((h) => ({ day: h.day, name: h.name }));
  }

  async addHoliday(actor: AuthenticatedUser, dto: CreateHolidayDto): Promise<HolidayDto> {
    requireRole(actor, UserRole.Admin);
    try {
      const added = await this.dataSource.transaction(async (manager) => {
        const holiday = await this.holidayRows.add(dto.day, dto.name, manager);
        await this.audit.record(manager, actor, {
          action: 'holiday.added',
          entityType: 'holiday',
          // Holidays are keyed by day; the audit log keys entries by uuid.
          entityId: randomUUID(),
          changes: { day: dto.day, name: dto.name },
        });
        return { day: holiday.day, name: holiday.name };
      });
      this.holidayRows.forgetCached();
      return added;
    } catch (error) {
      if (error instanceof HolidayExistsError) throw new HolidayConflictError(dto.day);
      throw error;
    }
  }

  async removeHoliday(actor: AuthenticatedUser, day: string): Promise<void> {
    requireRole(actor, UserRole.Admin);
    if (!isCalendarDate(day))
      throw ValidationFailedError.forField('day', 'day must be a date (yyyy-mm-dd)');
    await this.dataSource.transaction(async (manager) => {
      const removed = await modifyReturning<{ day: string }>(
        manager,
        'DELETE FROM holidays WHERE day = $1 RETURNING day',
        [day],
      );
      if (removed.length === 0) throw new HolidayNotFoundError();
      await this.audit.record(manager, actor, {
        action: 'holiday.removed',
        entityType: 'holiday',
        entityId: randomUUID(),
        changes: { day },
      });
    });
    this.holidayRows.forgetCached();
  }
}
