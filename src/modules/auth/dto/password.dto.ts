import { IsString, Length, Matches } from 'class-validator';

export const PASSWORD_RULES = { min: 12, max: 200 };

export class CompletePasswordSetupDto {
  /** The token from the emailed link (the part after `#token=`). */
  @IsString()
  @Length(10, 200)
  token!: string;

  /** At least 12 characters; a passphrase of several words is best. */
  @IsString()
  @Length(PASSWORD_RULES.min, PASSWORD_RULES.max, {
    message: 'password must be 12 to 200 characters long',
  })
  @Matches(/\S/, { message: 'password must not be blank' })
  password!: string;
}

export class ChangePasswordDto {
  @IsString()
  @Length(1, PASSWORD_RULES.max)
  currentPassword!: string;

  @IsString()
  @Length(PASSWORD_RULES.min, PASSWORD_RULES.max, {
    message: 'newPassword must be 12 to 200 characters long',
  })
  @Matches(/\S/, { message: 'newPassword must not be blank' })
  newPassword!: string;
}
