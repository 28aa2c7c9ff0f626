import { IntegerQuery } from '../../../common/http/integer-query';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CasePriority, CaseStatus } from '../../cases/case.enums';
import { PerpetratorRole, PerpetratorStatus } from '../perpetrator.enums';

/** How far `GET /perpetrators/:id/network` follows shared cases. */
export const NETWORK_MAX_DEPTH = 3;
/** The most perpetrators and cases one network answer walks; past them it says `truncated`. */
export const NETWORK_MAX_PERPETRATORS = 200;
export const NETWORK_MAX_CASES = 2000;

export class PerpetratorNetworkQueryDto {
  /**
   * Hops through shared cases: 1 gives the perpetrator's co-recruiters, 2 (the default) theirs
   * as well, up to 3.
   */
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(NETWORK_MAX_DEPTH)
  depth?: number;
}

export class NetworkPerpetratorDto {
  id!: string;
  fullName!: string;
  aliases!: string[];
  roles!: PerpetratorRole[];
  status!: PerpetratorStatus;
  homeRegionCode!: string | null;
  /** 0 for the perpetrator asked about, 1 for a co-recruiter on one of its cases, and so on. */
  hops!: number;
  /** Cases of this network it is linked to, the caller's or not (none past the last hop's). */
  networkCaseCount!: number;
}

export class NetworkCaseDto {
  id!: string;
  caseNumber!: string;
  title!: string;
  status!: CaseStatus;
  priority!: CasePriority;
  victimCount!: number;
  exploitationCountry!: string | null;
  /** The perpetrators of the network linked to this case that the caller may see. */
  perpetratorIds!: string[];
}

/** Cases and victims of the network with this code (a country, a province, a regency). */
export class NetworkCountDto {
  code!: string;
  cases!: number;
  victims!: number;
}

export class NetworkTotalsDto {
  cases!: number;
  victims!: number;
  /** Countries of exploitation, most cases first. */
  countries!: NetworkCountDto[];
  /** Provinces of the victims' origin (a case counts once per province). */
  originProvinces!: NetworkCountDto[];
  /** Regencies and cities of the victims' origin. */
  originRegencies!: NetworkCountDto[];
}

/**
 * A recruiter's network: the perpetrators reached through shared cases and those cases. Names and
 * cases are shown only where the caller may see them; the rest of the network counts in
 * `hiddenPerpetratorCount`, `hiddenCaseCount` and the totals, which hold no names, no case
 * numbers and no agency, and stop at regency level.
 */
export class PerpetratorNetworkDto {
  perpetratorId!: string;
  depth!: number;
  /** The perpetrator asked about first, then by hops and name. */
  perpetrators!: NetworkPerpetratorDto[];
  hiddenPerpetratorCount!: number;
  /**
   * The network's cases the caller may read, newest first: the cases of every perpetrator short
   * of the last hop (with depth 1, the perpetrator's own cases).
   */
  cases!: NetworkCaseDto[];
  hiddenCaseCount!: number;
  totals!: NetworkTotalsDto;
  /** The network reached the walking limits (200 perpetrators, 2000 cases): it goes further. */
  truncated!: boolean;
}
