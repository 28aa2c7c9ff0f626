import { Trim, NormaliseEmail } from '../../../common/validation/normalise';
import { IsEmail, IsEnum, IsString, IsUUID, Length } from 'class-validator';
import { UserRole } from '../user-role';

export class CreateUserDto {
  /** Sign-in address; the password link is sent here. */
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254)
  email!: string;

  @Trim()
  @IsString()
  @Length(1, 200)
  fullName!: string;

  @IsEnum(UserRole)
  role!: UserRole;

  /** The agency the user works for. */
  @IsUUID()
  agencyId!: string;
}
