import { Global, Module } from '@nestjs/common';
import { PersonalDataCipher } from './personal-data-cipher';
import { SignedTokens } from './signed-tokens';

@Global()
@Module({
  providers: [PersonalDataCipher, SignedTokens],
  exports: [PersonalDataCipher, SignedTokens],
})
export class CryptoModule {}
