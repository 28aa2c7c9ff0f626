import { bodyExamples } from '../../../common/openapi/api-route.decorator';
import { CreateUserDto } from './create-user.dto';

export const CREATE_USER_EXAMPLES = bodyExamples(CreateUserDto, {
  caseworker: {
    summary: 'A caseworker at Disnakertrans Lampung Selatan',
    value: {
      email: 'rina.pratiwi@disnakertrans.lampungselatankab.go.id',
      fullName: 'Rina Pratiwi',
      role: 'caseworker',
      agencyId: '5e2a9c1b-7d4f-4e8a-b6c3-2f1e0d9c8b7a',
    },
  },
  liaison: {
    summary: "A partner agency's focal point (KBRI Phnom Penh)",
    value: {
      email: 'konsuler@kbriphnompenh.example.go.id',
      fullName: 'Dedi Kurniawan',
      role: 'agency_liaison',
      agencyId: '7b0e4f52-3c0a-4d47-9a55-0f3e8e2c1a11',
    },
  },
});
