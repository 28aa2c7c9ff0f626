/** The page behind the emailed password link. */
export const setPasswordId = {
  title: 'Buat kata sandi Jejak',
  intro: 'Pilih kata sandi untuk akun Jejak Anda. Tautan ini hanya dapat dipakai sekali.',
  rules:
    'Paling sedikit 12 karakter. Frasa dari beberapa kata lebih mudah diingat dan lebih aman, misalnya “kopi pagi di teras rumah”.',
  password: 'Kata sandi baru',
  repeat: 'Ulangi kata sandi baru',
  togglePassword: 'Tampilkan atau sembunyikan kata sandi',
  tooShort: 'Terlalu pendek: paling sedikit 12 karakter.',
  tooLong: 'Terlalu panjang: paling banyak 200 karakter.',
  blank: 'Kata sandi tidak boleh hanya spasi.',
  mismatch: 'Kedua kata sandi berbeda.',
  required: 'Wajib diisi.',
  submit: 'Simpan kata sandi',
  submitting: 'Menyimpan…',
  saved: 'Kata sandi tersimpan. Sekarang Anda dapat masuk.',
  signIn: 'Masuk ke Jejak',
  incomplete:
    'Tautan ini tidak lengkap. Buka lagi tautan dari email, atau salin seluruh alamatnya.',
  invalid:
    'Tautan ini tidak berlaku lagi: mungkin sudah dipakai, kedaluwarsa, atau diganti dengan yang baru. Minta admin instansi Anda mengirim tautan baru.',
  tooMany: 'Terlalu banyak percobaan. Coba lagi sebentar lagi.',
  unreachable: 'Layanan tidak dapat dihubungi. Periksa sambungan Anda lalu coba lagi.',
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const setPasswordEn: Shape<typeof setPasswordId> = {
  title: 'Set your Jejak password',
  intro: 'Choose a password for your Jejak account. This link works only once.',
  rules:
    'At least 12 characters. A phrase of several words is easier to remember and safer, such as “morning coffee on the porch”.',
  password: 'New password',
  repeat: 'Repeat the new password',
  togglePassword: 'Show or hide the password',
  tooShort: 'Too short: at least 12 characters.',
  tooLong: 'Too long: at most 200 characters.',
  blank: 'The password cannot be only spaces.',
  mismatch: 'The two passwords differ.',
  required: 'Required.',
  submit: 'Save the password',
  submitting: 'Saving…',
  saved: 'Password saved. You can sign in now.',
  signIn: 'Sign in to Jejak',
  incomplete:
    'This link is incomplete. Open the link in the email again, or copy its whole address.',
  invalid:
    "This link is no longer valid: it may have been used, have expired, or been replaced. Ask your agency's admin to send a new one.",
  tooMany: 'Too many attempts. Try again in a moment.',
  unreachable: 'The service cannot be reached. Check your connection and try again.',
};
