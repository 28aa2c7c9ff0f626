import { describePasswordSetupEmails } from './support/password-setup-scenario';

describePasswordSetupEmails('postgres');
