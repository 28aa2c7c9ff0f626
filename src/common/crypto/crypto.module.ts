import { Global, Module } from '@nestjs/common';
import { PersonalDataCipher } from './personal-data-cipher';
import { PersonalDataStreamCipher } from './personal-data-stream-cipher';
import { SignedTokens } from './signed-tokens';

@Global()
@Module({
  providers: [PersonalDataCipher, PersonalDataStreamCipher, SignedTokens],
  exports: [PersonalDataCipher, PersonalDataStreamCipher, SignedTokens],
})
export class CryptoModule {}
