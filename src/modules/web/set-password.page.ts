/**
 * The page behind the emailed password link. Its URLs are relative, so it also works when the
 * service is published under a path (PUBLIC_BASE_URL=https://example.go.id/jejak). The token travels in the URL fragment, which
 * browsers never send to the server, so it cannot end up in access logs or proxies.
 */
export const SET_PASSWORD_HTML = `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Jejak: buat kata sandi</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; color: #1d2733; }
label { display: block; margin-top: 1rem; }
input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; }
.message { margin-top: 1rem; }
.error { color: #a01010; }
</style>
</head>
<body>
<h1>Buat kata sandi Jejak</h1>
<p>Choose your Jejak password. Minimal 12 karakter / at least 12 characters.</p>
<form id="form">
<label>Kata sandi baru / New password <input type="password" id="password" autocomplete="new-password" minlength="12" maxlength="200" required></label>
<label>Ulangi kata sandi / Repeat it <input type="password" id="repeat" autocomplete="new-password" minlength="12" maxlength="200" required></label>
<button type="submit">Simpan / Save</button>
</form>
<p id="message" class="message" role="status"></p>
<script src="set-password.js"></script>
</body>
</html>
`;

export const SET_PASSWORD_JS = `(function () {
  var token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  history.replaceState(null, '', location.pathname);
  var form = document.getElementById('form');
  var message = document.getElementById('message');
  function show(text, isError) { message.textContent = text; message.className = 'message' + (isError ? ' error' : ''); }
  if (!token) { show('Tautan tidak lengkap. / The link is incomplete.', true); form.hidden = true; return; }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var password = document.getElementById('password').value;
    if (password !== document.getElementById('repeat').value) { show('Kedua kata sandi berbeda. / The passwords differ.', true); return; }
    fetch('api/v1/auth/password-setup', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: token, password: password })
    }).then(function (response) {
      if (response.status === 204) { form.hidden = true; show('Kata sandi tersimpan; silakan masuk. / Password saved; you can sign in now.', false); return; }
      return response.json().then(function (body) { show(body.message || 'Gagal / Failed', true); });
    }).catch(function () { show('Tidak dapat terhubung. / Could not reach the server.', true); });
  });
})();
`;
