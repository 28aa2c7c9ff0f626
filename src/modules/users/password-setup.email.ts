import { PasswordSetupPurpose } from './password-setup-token.entity';

const JAKARTA_TIME = new Intl.DateTimeFormat('id-ID', {
  dateStyle: 'full',
  timeStyle: 'short',
  timeZone: 'Asia/Jakarta',
});

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Bahasa Indonesia first, English after: the staff who receive it work in Indonesian. */
export function renderPasswordSetupEmail(input: {
  fullName: string;
  link: string;
  purpose: PasswordSetupPurpose;
  expiresAt: Date;
}): { subject: string; text: string; html: string } {
  const expires = `${JAKARTA_TIME.format(input.expiresAt)} WIB`;
  const invitation = input.purpose === PasswordSetupPurpose.Invitation;
  const subject = invitation
    ? 'Akun Jejak Anda: buat kata sandi / Your Jejak account: set your password'
    : 'Atur ulang kata sandi Jejak / Reset your Jejak password';
  const text = [
    `Yth. ${input.fullName},`,
    '',
    invitation
      ? 'Akun Jejak telah dibuat untuk Anda. Buat kata sandi melalui tautan berikut:'
      : 'Administrator meminta pengaturan ulang kata sandi Anda. Buat kata sandi baru melalui tautan berikut:',
    input.link,
    '',
    `Tautan ini hanya berlaku satu kali, sampai ${expires}. Jangan teruskan email ini kepada siapa pun.`,
    '',
    '---',
    '',
    invitation
      ? 'A Jejak account has been created for you. Choose your password here:'
      : 'An administrator asked for your password to be reset. Choose a new password here:',
    input.link,
    '',
    `The link works once, until ${input.expiresAt.toISOString()}. Do not forward this email.`,
  ].join('\n');
  const html = text
    .split('\n')
    .map((line) =>
      line === input.link
        ? `<a href="${escapeHtml(line)}">${escapeHtml(line)}</a>`
        : escapeHtml(line),
    )
    .join('<br>\n');
  return { subject, text, html: `<p>${html}</p>` };
}
