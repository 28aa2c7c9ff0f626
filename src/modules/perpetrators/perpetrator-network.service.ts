import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import {
  NETWORK_MAX_CASES,
  NETWORK_MAX_PERPETRATORS,
  NetworkCountDto,
  PerpetratorNetworkDto,
  PerpetratorNetworkQueryDto,
} from './dto/perpetrator-network.dto';
import { NetworkCaseRow, PerpetratorsRepository } from './perpetrators.repository';
import { PerpetratorsService } from './perpetrators.service';

const DEFAULT_DEPTH = 2;

/**
 * A recruiter's network, so that a supervisor sees a syndicate: the perpetrators reached through
 * shared cases, and those cases. Access follows the register's rule (a perpetrator is seen by the
 * agencies with a linked case) and the cases' (staff read their agency's): whatever the caller
 * may not see is counted, never named. The totals count every case of the network by country and
 * by origin down to regency level only: the pattern a syndicate leaves, not who its victims are or
 * which agency holds them (an agency's name would tell the caller that agency has a case on them).
 */
@Injectable()
export class PerpetratorNetworkService {
  constructor(
    private readonly perpetrators: PerpetratorsService,
    private readonly repository: PerpetratorsRepository,
  ) {}

  async network(
    actor: AuthenticatedUser,
    id: string,
    query: PerpetratorNetworkQueryDto,
  ): Promise<PerpetratorNetworkDto> {
    // The same "not found" as GET /perpetrators/:id for a perpetrator the caller may not see.
    await this.perpetrators.loadReadable(actor, id);
    const depth = query.depth ?? DEFAULT_DEPTH;
    const agencyIds = CaseAccess.listableAgencies(actor);
    const reached = await this.repository.networkPerpetrators(
      id,
      depth,
      NETWORK_MAX_PERPETRATORS + 1,
      agencyIds,
    );
    const perpetratorRows = reached.slice(0, NETWORK_MAX_PERPETRATORS);
    // The cases walked through: those of every perpetrator short of the last hop, whose own
    // cases would lead one hop further than asked.
    const caseRows = await this.repository.networkCases(
      perpetratorRows.filter((row) => row.hops < depth).map((row) => row.id),
      perpetratorRows.map((row) => row.id),
      NETWORK_MAX_CASES + 1,
      agencyIds,
    );
    const truncated =
      reached.length > NETWORK_MAX_PERPETRATORS || caseRows.length > NETWORK_MAX_CASES;
    const cases = caseRows.slice(0, NETWORK_MAX_CASES);

    const visiblePerpetrators = new Set(perpetratorRows.filter((p) => p.visible).map((p) => p.id));
    const networkCaseCount = new Map<string, number>();
    for (const row of cases)
      for (const perpetratorId of row.perpetrator_ids)
        networkCaseCount.set(perpetratorId, (networkCaseCount.get(perpetratorId) ?? 0) + 1);
    const readable = cases.filter((row) => row.visible);

    return {
      perpetratorId: id,
      depth,
      perpetrators: perpetratorRows
        .filter((row) => row.visible)
        .map((row) => ({
          id: row.id,
          fullName: row.full_name,
          aliases: row.aliases,
          roles: row.roles,
          status: row.status,
          homeRegionCode: row.home_region_code,
          hops: row.hops,
          networkCaseCount: networkCaseCount.get(row.id) ?? 0,
        })),
      hiddenPerpetratorCount: perpetratorRows.length - visiblePerpetrators.size,
      cases: readable.map((row) => ({
        id: row.id,
        caseNumber: row.case_number,
        title: row.title,
        status: row.status,
        priority: row.priority,
        victimCount: row.victim_count,
        exploitationCountry: row.exploitation_country,
        perpetratorIds: row.perpetrator_ids.filter((p) => visiblePerpetrators.has(p)),
      })),
      hiddenCaseCount: cases.length - readable.length,
      totals: {
        cases: cases.length,
        victims: cases.reduce((sum, row) => sum + row.victim_count, 0),
        countries: countBy(cases, (row) =>
          row.exploitation_country ? [row.exploitation_country] : [],
        ),
        originProvinces: countBy(cases, (row) => originsAt(row, 'province')),
        originRegencies: countBy(cases, (row) => originsAt(row, 'regency')),
      },
      truncated,
    };
  }
}

/** The origins of a case at one level: provinces are `18`, regencies `18.01` (a dot per level). */
function originsAt(row: NetworkCaseRow, level: 'province' | 'regency'): string[] {
  const dots = level === 'province' ? 0 : 1;
  return row.origin_region_codes.filter((code) => code.split('.').length - 1 === dots);
}

/** Cases and victims per code, most cases first (then by code); a case counts once per code. */
function countBy(
  rows: NetworkCaseRow[],
  codesOf: (row: NetworkCaseRow) => string[],
): NetworkCountDto[] {
  const counts = new Map<string, NetworkCountDto>();
  for (const row of rows)
    for (const code of new Set(codesOf(row))) {
      const count = counts.get(code) ?? { code, cases: 0, victims: 0 };
      count.cases += 1;
      count.victims += row.victim_count;
      counts.set(code, count);
    }
  return [...counts.values()].sort(
    (a, b) => b.cases - a.cases || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
