import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { PG_UNIQUE_VIOLATION, postgresErrorCode } from '../../database/postgres-errors';
import { Holiday } from './holiday.entity';
import { WorkingCalendar } from './working-calendar';

export class HolidayExistsError extends Error {}

/** How long the reminder path may use holidays it read before; an admin's change waits this long. */
const CACHE_MS = 30_000;

@Injectable()
export class HolidaysRepository {
  private cached?: { days: ReadonlySet<string>; readAt: number };

  constructor(@InjectRepository(Holiday) private readonly holidays: Repository<Holiday>) {}

  /**
   * The calendar for the reminder path, which asks for it on every delivered overdue reminder:
   * read at most every 30 s. Deadlines set when a referral is sent use `calendarFor`.
   */
  async recentCalendarFor(timeZone: string, manager: EntityManager): Promise<WorkingCalendar> {
    if (!this.cached || Date.now() - this.cached.readAt > CACHE_MS) {
      // Through the caller's transaction, never a second connection from the pool.
      const { holidays } = await this.calendarFor(timeZone, manager);
      this.cached = { days: holidays, readAt: Date.now() };
    }
    return { timeZone, holidays: this.cached.days };
  }

  forgetCached(): void {
    this.cached = undefined;
  }

  /** The calendar deadlines are counted in: the table is a few dozen rows a year, read whole. */
  async calendarFor(timeZone: string, manager?: EntityManager): Promise<WorkingCalendar> {
    const rows = await (manager?.getRepository(Holiday) ?? this.holidays).find({
      select: { day: true },
    });
    return { timeZone, holidays: new Set(rows.map((row) => row.day)) };
  }

  list(year?: number): Promise<Holiday[]> {
    const builder = this.holidays.createQueryBuilder('h').orderBy('h.day', 'ASC');
    if (year !== undefined) builder.where('extract(year FROM h.day) = :year', { year });
    return builder.getMany();
  }

  async add(day: string, name: string, manager: EntityManager): Promise<Holiday> {
    const repository = manager.getRepository(Holiday);
    try {
      // `insert`, not `save`: save finds the day's row first and renames it, so a second holiday
      // on one day silently replaced the first instead of being refused.
      await repository.insert({ day, name });
      return repository.create({ day, name });
    } catch (error) {
      if (postgresErrorCode(error) === PG_UNIQUE_VIOLATION) throw new HolidayExistsError();
      throw error;
    }
  }
}
