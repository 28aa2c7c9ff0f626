import { Injectable } from '@nestjs/common';
import { ForbiddenError, ValidationFailedError } from '../../common/errors/app-error';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { UserRole } from '../users/user-role';
import { CaseDraftNotFoundError, TooManyCaseDraftsError } from './case-drafts.errors';
import { CaseDraftRow, CaseDraftsRepository } from './case-drafts.repository';
import { CaseDraftDto, CaseDraftSummaryDto, SaveCaseDraftDto } from './dto/case-draft.dto';

/** Enough for a long intake with families and recruiters; a rescue's hundreds of rows come as a file. */
export const MAX_DRAFT_CONTENT_BYTES = 512 * 1024;
export const MAX_DRAFTS_PER_USER = 20;

const FIELD = { title: 'case_drafts.title', content: 'case_drafts.content' } as const;

/** Those who may create cases keep drafts of them. */
const DRAFTING_ROLES = [UserRole.Caseworker, UserRole.Supervisor, UserRole.Admin];

/**
 * Intake drafts: each belongs to the one who writes it, and nobody else reads it, not even an
 * admin, since it is not yet a record of the agency. Nothing here is audited for the same reason:
 * the case that comes of it is, when it is created.
 */
@Injectable()
export class CaseDraftsService {
  constructor(
    private readonly drafts: CaseDraftsRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async list(actor: AuthenticatedUser): Promise<CaseDraftSummaryDto[]> {
    this.checkRole(actor);
    const rows = await this.drafts.listOwn(actor.id);
    return rows.map((row) => this.summary(row));
  }

  async get(actor: AuthenticatedUser, id: string): Promise<CaseDraftDto> {
    this.checkRole(actor);
    const row = await this.drafts.findOwn(actor.id, id);
    if (!row) throw new CaseDraftNotFoundError();
    return this.full(row);
  }

  /** Creates the draft under the id the app chose, or replaces it: a save sent twice is harmless. */
  async save(actor: AuthenticatedUser, id: string, dto: SaveCaseDraftDto): Promise<CaseDraftDto> {
    this.checkRole(actor);
    const content = JSON.stringify(dto.content);
    if (Buffer.byteLength(content) > MAX_DRAFT_CONTENT_BYTES)
      throw ValidationFailedError.forField(
        'content',
        `content must be at most ${MAX_DRAFT_CONTENT_BYTES / 1024} KB as JSON`,
      );
    const saved = await this.drafts.save(
      {
        id,
        owner_id: actor.id,
        title_encrypted: this.cipher.encrypt(FIELD.title, id, dto.title),
        content_encrypted: this.cipher.encrypt(FIELD.content, id, content),
        step: dto.step,
        victim_count: dto.victimCount,
      },
      MAX_DRAFTS_PER_USER,
    );
    if (saved === 'full') throw new TooManyCaseDraftsError(MAX_DRAFTS_PER_USER);
    if (!saved) throw new CaseDraftNotFoundError();
    return this.full(saved);
  }

  async delete(actor: AuthenticatedUser, id: string): Promise<void> {
    this.checkRole(actor);
    if (!(await this.drafts.deleteOwn(actor.id, id))) throw new CaseDraftNotFoundError();
  }

  private checkRole(actor: AuthenticatedUser): void {
    if (!DRAFTING_ROLES.includes(actor.role))
      throw new ForbiddenError('Only those who may create cases keep intake drafts');
  }

  private summary(row: CaseDraftRow): CaseDraftSummaryDto {
    return {
      id: row.id,
      title: this.cipher.decrypt(FIELD.title, row.id, row.title_encrypted),
      step: row.step,
      victimCount: row.victim_count,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private full(row: CaseDraftRow): CaseDraftDto {
    return {
      ...this.summary(row),
      content: JSON.parse(
        this.cipher.decrypt(FIELD.content, row.id, row.content_encrypted!),
      ) as Record<string, unknown>,
    };
  }
}
