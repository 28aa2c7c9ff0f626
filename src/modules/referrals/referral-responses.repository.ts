import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ReferralResponse } from './referral-response.entity';

/** The receiving agency's answers, one row each, in the order they were given. */
@Injectable()
export class ReferralResponsesRepository {
  constructor(
    @InjectRepository(ReferralResponse) private readonly responses: Repository<ReferralResponse>,
  ) {}

  async insert(
    manager: EntityManager,
    row: QueryDeepPartialEntity<ReferralResponse>,
  ): Promise<ReferralResponse> {
    const repository = manager.getRepository(ReferralResponse);
    const result = await repository.insert(row);
    return repository.findOneByOrFail({ id: (result.identifiers[0] as { id: string }).id });
  }

  listForReferral(referralId: string, manager?: EntityManager): Promise<ReferralResponse[]> {
    return (manager?.getRepository(ReferralResponse) ?? this.responses).find({
      where: { referralId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }
}
