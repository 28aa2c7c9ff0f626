import { CaseFields } from '../../components/CaseFields';
import type { IntakeFormApi } from './fields';

/** What happened, where and when: the case's own fields. */
export function IncidentStep({ form }: { form: IntakeFormApi }) {
  return <CaseFields getInputProps={form.getInputProps} framed={false} withExploitationDetails />;
}
