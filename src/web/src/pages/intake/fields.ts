import type { UseFormReturnType } from '@mantine/form';
import type { IntakeForm } from './intake-form';

export type IntakeFormApi = UseFormReturnType<IntakeForm>;
