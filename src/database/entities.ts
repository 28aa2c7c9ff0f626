import { Agency } from '../modules/agencies/agency.entity';
import { Country } from '../modules/regions/country.entity';
import { Region } from '../modules/regions/region.entity';
import { PasswordSetupToken } from '../modules/users/password-setup-token.entity';
import { User } from '../modules/users/user.entity';

export const ENTITIES = [Agency, Country, Region, PasswordSetupToken, User];
