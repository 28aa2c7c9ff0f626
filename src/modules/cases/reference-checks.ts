import { FieldError } from '../../common/errors/app-error';
import { RegionsRepository } from '../regions/regions.repository';

/**
 * Collects every region and country code a request names (with the field it came from) and
 * checks them all at once, so a case with 200 victims costs two queries, not four hundred.
 */
export class ReferenceChecks {
  private readonly regions: Array<{ field: string; code: string }> = [];
  private readonly countries: Array<{ field: string; code: string }> = [];

  region(field: string, code: string | null | undefined): this {
    if (code) this.regions.push({ field, code });
    return this;
  }

  country(field: string, code: string | null | undefined): this {
    if (code) this.countries.push({ field, code });
    return this;
  }

  async problems(repository: RegionsRepository): Promise<FieldError[]> {
    const [regions, countries] = await Promise.all([
      repository.existingRegionCodes(this.regions.map((r) => r.code)),
      repository.existingCountryCodes(this.countries.map((c) => c.code)),
    ]);
    return [
      ...this.regions
        .filter((r) => !regions.has(r.code))
        .map((r) => ({
          field: r.field,
          messages: [`${r.code} is not a known Kemendagri region code`],
        })),
      ...this.countries
        .filter((c) => !countries.has(c.code))
        .map((c) => ({
          field: c.field,
          messages: [`${c.code} is not an ISO 3166-1 country code`],
        })),
    ];
  }
}
