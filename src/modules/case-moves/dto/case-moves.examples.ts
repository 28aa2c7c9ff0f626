import { bodyExamples } from '../../../common/openapi/api-route.decorator';
import { AssignCasesDto, ClosureDecisionsDto, RequestTransferDto } from './case-moves.dto';

export const ASSIGN_CASES_EXAMPLES = bodyExamples(AssignCasesDto, {
  assign: {
    summary: 'Give three cases from the unassigned queue to a caseworker',
    value: {
      caseIds: ['LPG-2024-000123', 'LPG-2024-000124', '0b8e7c1e-2f4a-4d7b-9a51-6f0a3c9d2e11'],
      assigneeId: '5f1d9a7e-3c2b-4e8f-a6d1-9b0c7e4f2a13',
    },
  },
  unassign: {
    summary: 'Take two cases off whoever has them',
    value: { caseIds: ['LPG-2024-000123', 'LPG-2024-000124'], assigneeId: null },
  },
});

export const CLOSURE_DECISIONS_EXAMPLES = bodyExamples(ClosureDecisionsDto, {
  approve: {
    summary: 'Approve closing two cases',
    value: { caseIds: ['LPG-2024-000123', 'LPG-2024-000124'], decision: 'approve' },
  },
  sendBack: {
    summary: 'Send a case back for more assistance',
    value: {
      caseIds: ['LPG-2024-000123'],
      decision: 'send_back',
      comment: 'Klaim santunan BPJS Ketenagakerjaan belum selesai',
    },
  },
});

export const REQUEST_TRANSFER_EXAMPLES = bodyExamples(RequestTransferDto, {
  toProvince: {
    summary: 'From the regency manpower office to the provincial BP3MI',
    value: {
      toAgencyId: '7c2a4e91-5d3b-4f6a-8e2c-1b9d0a7f3e25',
      reason: 'Pemulangan jenazah dan klaim asuransi ditangani BP3MI Lampung',
    },
  },
});
