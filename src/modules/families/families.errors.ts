import { AppError, ErrorKind } from '../../common/errors/app-error';
import { constraintOf } from '../../database/postgres-errors';

export class FamilyMemberNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'FAMILY_MEMBER.NOT_FOUND', 'Family member not found');
  }
}

export class PrimaryContactConflictError extends AppError {
  constructor() {
    super(
      ErrorKind.Conflict,
      'FAMILY_MEMBER.PRIMARY_CONTACT_CONFLICT',
      'Kontak utama keluarga ini baru saja diubah orang lain; muat ulang lalu coba lagi. / ' +
        "Someone else changed this family's primary contact at the same moment; reload and try again.",
    );
  }
}

/**
 * The constraints that keep one living primary contact per victim, raised when two requests
 * change a family at once: a conflict to retry, not a server fault.
 */
export function translateFamilyWriteError(error: unknown): unknown {
  const constraint = constraintOf(error);
  if (
    constraint === 'family_members_one_primary_contact' ||
    constraint === 'family_members_primary_contact_alive'
  )
    return new PrimaryContactConflictError();
  return error;
}
