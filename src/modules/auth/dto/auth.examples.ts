import { bodyExamples } from '../../../common/openapi/api-route.decorator';
import { LoginDto } from './login.dto';

export const LOGIN_EXAMPLES = bodyExamples(LoginDto, {
  caseworker: {
    summary: 'A caseworker signs in',
    value: {
      email: 'rina.pratiwi@disnakertrans.lampungselatankab.go.id',
      password: 'kata-sandi-panjang-2024',
    },
  },
});
