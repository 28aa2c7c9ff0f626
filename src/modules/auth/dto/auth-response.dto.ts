import { UserResponseDto } from '../../users/dto/user-response.dto';

export class LoginResponseDto {
  /** Send as `Authorization: Bearer <accessToken>`. */
  accessToken!: string;
  tokenType!: 'Bearer';
  /** Seconds until the token expires. */
  expiresIn!: number;
  user!: UserResponseDto;
}

export class MeResponseDto extends UserResponseDto {
  agencyShortName!: string;
}
