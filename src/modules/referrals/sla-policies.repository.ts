import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { updateIfVersionMatches, VersionedUpdateResult } from '../../database/versioned-update';
import { ReminderPolicy } from './referral-reminders';
import { ReferralPriority, ReferralService } from './referral.enums';
import { SlaPolicy } from './sla-policy.entity';

/** How long the reminder path may use a policy it read before; an admin's change waits this long. */
const CACHE_MS = 30_000;

@Injectable()
export class SlaPoliciesRepository {
  private readonly cached = new Map<string, { policy: SlaPolicy; readAt: number }>();

  constructor(@InjectRepository(SlaPolicy) private readonly policies: Repository<SlaPolicy>) {}

  /**
   * The policy for the reminder path, which asks for it on every delivered reminder: read at most
   * every 30 s. Sending a referral reads it fresh with `findFor`.
   */
  async recentFor(
    service: ReferralService,
    priority: ReferralPriority,
    manager: EntityManager,
  ): Promise<SlaPolicy> {
    const key = `${service}/${priority}`;
    const hit = this.cached.get(key);
    if (hit && Date.now() - hit.readAt <= CACHE_MS) return hit.policy;
    // Through the caller's transaction: asking the pool for a second connection while holding
    // one can deadlock the pool when every worker does it at once.
    const policy = await this.findFor(service, priority, manager);
    this.cached.set(key, { policy, readAt: Date.now() });
    return policy;
  }

  forgetCached(): void {
    this.cached.clear();
  }

  /** Every service and priority has a policy: the migration seeds them and none can be deleted. */
  async findFor(
    service: ReferralService,
    priority: ReferralPriority,
    manager?: EntityManager,
  ): Promise<SlaPolicy> {
    return (manager?.getRepository(SlaPolicy) ?? this.policies).findOneByOrFail({
      service,
      priority,
    });
  }

  findById(id: string): Promise<SlaPolicy | null> {
    return this.policies.findOneBy({ id });
  }

  list(filter: { service?: ReferralService; priority?: ReferralPriority }): Promise<SlaPolicy[]> {
    return this.policies.find({
      where: {
        ...(filter.service ? { service: filter.service } : {}),
        ...(filter.priority ? { priority: filter.priority } : {}),
      },
      order: { service: 'ASC', priority: 'ASC' },
    });
  }

  update(
    id: string,
    expectedVersion: number,
    changes: QueryDeepPartialEntity<SlaPolicy>,
    manager: EntityManager,
  ): Promise<VersionedUpdateResult<SlaPolicy>> {
    return updateIfVersionMatches(manager.getRepository(SlaPolicy), id, expectedVersion, changes);
  }
}

export function reminderPolicyOf(policy: SlaPolicy): ReminderPolicy {
  return {
    acknowledge: { unit: policy.acknowledgeUnit, amount: policy.acknowledgeAmount },
    complete: { unit: policy.completeUnit, amount: policy.completeAmount },
    remindBeforeDue: { unit: policy.remindBeforeDueUnit, amount: policy.remindBeforeDueAmount },
    overdueEvery: { unit: policy.overdueEveryUnit, amount: policy.overdueEveryAmount },
    escalateAfterReminders: policy.escalateAfterReminders,
  };
}
