import { Injectable } from '@nestjs/common';
import { ForbiddenError } from '../../common/errors/app-error';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { UserRole } from '../users/user-role';
import { SaveFilterDto, SavedFilterDto, SavedFilterQueryDto } from './dto/saved-filter.dto';
import { SavedFilterNotFoundError, TooManySavedFiltersError } from './saved-filters.errors';
import { SavedFilterRow, SavedFiltersRepository } from './saved-filters.repository';

export const MAX_SAVED_FILTERS_PER_USER = 50;

/** Those who list cases (an agency liaison has no case queue). */
const LISTING_ROLES = [UserRole.Admin, UserRole.Supervisor, UserRole.Caseworker, UserRole.Viewer];

/**
 * A user's saved filters of the case queue: each is its owner's alone; another user's answers
 * 404, as a missing one does. A filter holds no personal data (no free text), so nothing here is
 * audited: the cases it finds are read through the case list, as ever.
 */
@Injectable()
export class SavedFiltersService {
  constructor(private readonly filters: SavedFiltersRepository) {}

  async list(actor: AuthenticatedUser): Promise<SavedFilterDto[]> {
    this.checkRole(actor);
    return (await this.filters.listOwn(actor.id)).map(toDto);
  }

  async save(actor: AuthenticatedUser, dto: SaveFilterDto): Promise<SavedFilterDto> {
    this.checkRole(actor);
    const saved = await this.filters.insert(
      // The validated filter, without what validation left undefined.
      {
        owner_id: actor.id,
        name: dto.name,
        query: JSON.parse(JSON.stringify(dto.query)) as SavedFilterQueryDto,
      },
      MAX_SAVED_FILTERS_PER_USER,
    );
    if (saved === 'full') throw new TooManySavedFiltersError(MAX_SAVED_FILTERS_PER_USER);
    return toDto(saved);
  }

  async delete(actor: AuthenticatedUser, id: string): Promise<void> {
    this.checkRole(actor);
    if (!(await this.filters.deleteOwn(actor.id, id))) throw new SavedFilterNotFoundError();
  }

  private checkRole(actor: AuthenticatedUser): void {
    if (!LISTING_ROLES.includes(actor.role))
      throw new ForbiddenError('Only those who list cases keep saved filters of them');
  }
}

function toDto(row: SavedFilterRow): SavedFilterDto {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    createdAt: row.created_at,
  };
}
