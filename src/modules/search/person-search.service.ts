import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import { ValidationFailedError } from '../../common/errors/app-error';
import { masked, toE164 } from '../../common/identity/identity-numbers';
import { AuditService } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { IdentitySearchNotAllowedError } from '../cases/cases.errors';
import { BLIND_INDEX } from '../victims/victim-records';
import {
  PersonKind,
  PersonMatch,
  PersonSearchQueryDto,
  PersonSearchResultDto,
} from './dto/person-search.dto';
import { PersonCriterion, PersonRow, PersonSearchRepository } from './person-search.repository';

export const PERSON_SEARCH_AUDIT_TYPE = 'person_search';

const ALL_KINDS = Object.values(PersonKind);

/**
 * Finds people across the records the caller may read: by name for everyone who reads cases, by
 * exact NIK or phone (their keyed hashes; nothing is decrypted) only for roles that may search by
 * identity, as `GET /victims?nik=` does. A search by identity is written to the audit log (what
 * was searched by and how many were found, never the number); a search by name is not, as reads
 * that show names are not.
 */
@Injectable()
export class PersonSearchService {
  constructor(
    private readonly people: PersonSearchRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditService,
  ) {}

  async search(
    actor: AuthenticatedUser,
    query: PersonSearchQueryDto,
  ): Promise<PersonSearchResultDto[]> {
    const criterion = this.criterionOf(query);
    if (criterion.by !== PersonMatch.Name && !CaseAccess.maySearchByIdentity(actor))
      throw new IdentitySearchNotAllowedError();
    // A NIK is a victim's only: relatives and recruiters are recorded without one.
    const kinds = (query.kinds ?? ALL_KINDS).filter(
      (kind) => criterion.by !== PersonMatch.Nik || kind === PersonKind.Victim,
    );
    const agencies = CaseAccess.listableAgencies(actor);
    const rows =
      kinds.length === 0 || agencies?.length === 0
        ? []
        : await this.people.search(criterion, [...new Set(kinds)], agencies ?? null, query.limit);
    if (criterion.by !== PersonMatch.Name) {
      await this.audit.recordRead(actor, {
        action: 'person_search.by_identity',
        entityType: PERSON_SEARCH_AUDIT_TYPE,
        // A search is no record: each gets an id of its own, so its entry can be referred to.
        entityId: randomUUID(),
        agencyId: actor.agencyId,
        changes: {
          by: criterion.by,
          kinds,
          found: rows.length,
          // Which records the number led to (ids only), for whoever reviews the search later.
          results: rows.map((row) => ({ kind: row.kind, id: row.id })),
        },
      });
    }
    const showMasked = CaseAccess.seesMaskedIdentifiers(actor);
    return rows.map((row) => this.present(row, criterion.by, showMasked));
  }

  private criterionOf(query: PersonSearchQueryDto): PersonCriterion {
    const given = (['q', 'nik', 'phone'] as const).filter((key) => query[key] !== undefined);
    if (given.length !== 1)
      throw ValidationFailedError.forField(
        given[1] ?? 'q',
        'give exactly one of q (a name), nik or phone',
      );
    if (query.nik !== undefined)
      return { by: PersonMatch.Nik, hash: this.cipher.blindIndex(BLIND_INDEX.nik, query.nik) };
    if (query.phone !== undefined)
      return {
        by: PersonMatch.Phone,
        hash: this.cipher.blindIndex(BLIND_INDEX.phone, toE164(query.phone)!),
      };
    return { by: PersonMatch.Name, text: query.q! };
  }

  private present(row: PersonRow, by: PersonMatch, showMasked: boolean): PersonSearchResultDto {
    const dto: PersonSearchResultDto = {
      kind: row.kind,
      id: row.id,
      fullName: row.full_name,
      score: row.score,
      matchedBy: by,
      victimId: row.victim_id,
      relation: row.relation,
      aliases: row.aliases ?? [],
      regionCode: row.region_code,
      cases: row.cases,
      possibleDuplicates: row.open_duplicate_flags,
    };
    if (row.kind === PersonKind.Victim && showMasked) dto.nikMasked = masked(row.nik_last4);
    return dto;
  }
}
