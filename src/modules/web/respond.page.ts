/**
 * The page behind the action link in referral messages, for people at the receiving agency who
 * have no account. Like the password page, the token travels in the URL fragment, which browsers
 * never send to the server; the script hands it to the API in the X-Response-Token header, never
 * in a path or query string, which proxies and CDNs log. Everything shown is set through
 * textContent, never as HTML, since it includes text written by others.
 */
export const RESPOND_HTML = `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>Jejak: tanggapi rujukan</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1d2733; }
dt { font-weight: 600; margin-top: .6rem; }
dd { margin-left: 0; white-space: pre-wrap; }
section { border-top: 1px solid #ccd; margin-top: 1.5rem; padding-top: .5rem; }
label { display: block; margin-top: .8rem; }
textarea, select { width: 100%; padding: .4rem; font-size: 1rem; box-sizing: border-box; }
button { margin-top: .8rem; padding: .5rem 1rem; font-size: 1rem; }
.error { color: #a01010; }
.warning { background: #fff4d6; padding: .6rem; }
</style>
</head>
<body>
<h1>Rujukan kasus / Case referral</h1>
<p class="warning">Jangan teruskan tautan ini: siapa pun yang memegangnya dapat menanggapi atas nama instansi Anda. / Do not forward this link: whoever holds it can answer for your agency.</p>
<p id="message" role="status"></p>
<dl id="summary"></dl>
<div id="history"></div>
<div id="people"></div>
<div id="actions"></div>
<script src="respond.js"></script>
</body>
</html>
`;

export const RESPOND_JS = `(function () {
  var token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  var api = 'api/v1/referral-responses';
  function call(init) {
    init = init || {};
    init.headers = init.headers || {};
    init.headers['X-Response-Token'] = token;
    init.cache = 'no-store';
    init.credentials = 'omit';
    return fetch(api, init);
  }
  var message = document.getElementById('message');
  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); return e; }
  function show(text, isError) { message.textContent = text; message.className = isError ? 'error' : ''; }
  function when(iso) { return iso ? new Date(iso).toLocaleString('id-ID', { dateStyle: 'full', timeStyle: 'short' }) : '-'; }
  if (!token) { show('Tautan tidak lengkap. / The link is incomplete.', true); return; }
  function render(r) {
    var summary = document.getElementById('summary');
    summary.textContent = '';
    [['Nomor kasus / Case number', r.caseNumber], ['Dari / From', r.referringAgency && r.referringAgency.name],
     ['Layanan / Service', r.service], ['Prioritas / Priority', r.priority], ['Status', r.status],
     ['Alasan / Reason', r.reason], ['Permintaan / Request', r.request],
     ['Konfirmasi paling lambat / Acknowledge by', when(r.acknowledgeDueAt)], ['Batas waktu / Due', when(r.dueAt)],
     ['Catatan kemajuan / Progress', r.progressNote], ['Hasil / Outcome', r.outcome]].forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === '') return;
      summary.appendChild(el('dt', row[0])); summary.appendChild(el('dd', row[1]));
    });
    var history = document.getElementById('history');
    history.textContent = '';
    var said = { acknowledge: 'Konfirmasi terima / Acknowledged', decline: 'Ditolak / Declined', progress: 'Kemajuan / Progress', complete: 'Selesai / Completed' };
    if ((r.responses || []).length > 0) {
      var answers = el('section'); answers.appendChild(el('h2', 'Tanggapan sejauh ini / Answers so far'));
      var answerList = el('dl');
      r.responses.forEach(function (answer) {
        answerList.appendChild(el('dt', when(answer.createdAt) + ': ' + (said[answer.action] || answer.action)));
        [answer.note, answer.reason, answer.outcome, answer.outcomeNotes].forEach(function (text) { if (text) answerList.appendChild(el('dd', text)); });
      });
      answers.appendChild(answerList); history.appendChild(answers);
    }
    var people = document.getElementById('people');
    people.textContent = '';
    (r.victims || []).concat(r.familyMembers || []).forEach(function (person) {
      var section = el('section'); var list = el('dl');
      Object.keys(person).forEach(function (key) {
        if (key === 'id' || key === 'victimId' || person[key] === null) return;
        list.appendChild(el('dt', key)); list.appendChild(el('dd', Array.isArray(person[key]) ? person[key].join(', ') : person[key]));
      });
      section.appendChild(list); people.appendChild(section);
    });
    var actions = document.getElementById('actions');
    actions.textContent = '';
    (r.allowedResponses || []).forEach(function (action) {
      var form = el('form'); var section = el('section'); section.appendChild(form);
      var fields = {};
      function field(name, label, control) { var l = el('label', label); l.appendChild(control); form.appendChild(l); fields[name] = control; }
      if (action === 'decline') field('reason', 'Alasan menolak / Reason for declining', el('textarea'));
      if (action === 'progress') field('note', 'Kemajuan / Progress so far', el('textarea'));
      if (action === 'complete') {
        var select = el('select');
        [['achieved', 'Tercapai / Achieved'], ['partially_achieved', 'Sebagian / Partially'], ['not_achieved', 'Tidak tercapai / Not achieved']].forEach(function (o) { var opt = el('option', o[1]); opt.value = o[0]; select.appendChild(opt); });
        field('outcome', 'Hasil / Outcome', select);
        field('outcomeNotes', 'Catatan / Notes', el('textarea'));
      }
      var labels = { acknowledge: 'Konfirmasi terima / Acknowledge', decline: 'Tolak / Decline', progress: 'Laporkan kemajuan / Report progress', complete: 'Selesai / Complete' };
      form.appendChild(el('button', labels[action] || action));
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var body = { action: action };
        Object.keys(fields).forEach(function (name) { if (fields[name].value) body[name] = fields[name].value; });
        call({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
          .then(function (response) { return response.json().then(function (data) {
            if (response.ok) { show('Tersimpan. / Saved.', false); render(data); return; }
            var fieldsMessage = data.details && data.details.fields ? ': ' + data.details.fields.map(function (f) { return f.messages.join(', '); }).join('; ') : '';
            show((data.message || 'Gagal / Failed') + fieldsMessage, true);
          }); })
          .catch(function () { show('Tidak dapat terhubung. / Could not reach the server.', true); });
      });
      actions.appendChild(section);
    });
  }
  call().then(function (response) { return response.json().then(function (data) {
    if (response.ok) render(data); else show(data.message || 'Tautan tidak berlaku. / The link is not valid.', true);
  }); }).catch(function () { show('Tidak dapat terhubung. / Could not reach the server.', true); });
})();
`;
