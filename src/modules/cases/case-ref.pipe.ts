import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../../common/errors/app-error';
import { CaseNotFoundError } from './cases.errors';
import { CasesRepository } from './cases.repository';

/** `LPG-2026-000001`: the agency's prefix, the year, the yearly sequence (6 digits, more later on). */
const CASE_NUMBER = /^([A-Za-z]{2,8})-(\d{4})-(\d{6,9})$/;

/**
 * A case named in a path by its id or by its number, as people quote it. A number becomes the
 * case's id here, so every service below keeps one meaning of "case id" and decides access as it
 * always has: a foreign agency's number then answers 404 exactly as a foreign id does, and an
 * unknown number answers the same 404.
 */
@Injectable()
export class CaseRefPipe implements PipeTransform<unknown, Promise<string>> {
  constructor(private readonly cases: CasesRepository) {}

  async transform(value: unknown): Promise<string> {
    if (typeof value === 'string' && isUUID(value)) return value;
    const number = typeof value === 'string' ? CASE_NUMBER.exec(value) : null;
    if (!number)
      throw ValidationFailedError.forField(
        'id',
        'id harus berupa id kasus (UUID) atau nomor kasus seperti LPG-2026-000001 / ' +
          'id must be a case id (UUID) or a case number such as LPG-2026-000001',
      );
    const id = await this.cases.findIdByNumber(
      `${number[1].toUpperCase()}-${number[2]}-${number[3]}`,
    );
    if (!id) throw new CaseNotFoundError();
    return id;
  }
}
