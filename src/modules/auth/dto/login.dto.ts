import { NormaliseEmail } from '../../../common/validation/normalise';
import { IsEmail, IsString, Length } from 'class-validator';

export class LoginDto {
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @IsString()
  @Length(1, 200)
  password!: string;
}
