import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { get, when } from './api.js';

/** The runbook's audit table, the chain's verification and head hash, and the Markdown export. */
export function AuditPage() {
  const [log, setLog] = useState(null);
  const [verify, setVerify] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    get('/governance/audit-log').then(setLog, (err) => setError(err.message));
    get('/governance/audit-log/verify').then(setVerify, (err) => setError(err.message));
  }, []);
  return html`
    <h1 tabindex="-1">Audit log</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${verify && html`
      <section class="card" aria-label="Chain verification">
        <p>${verify.ok ? html`<span class="badge compatible">chain verified</span>` : html`<span class="badge breaking">chain broken</span>`} ${verify.entries} entr${verify.entries === 1 ? 'y' : 'ies'}</p>
        <dl class="facts">
          <dt>Head hash</dt><dd class="hash">${verify.headHash || '—'}</dd>
          ${verify.firstBadEntry && html`<dt>First bad entry</dt><dd>${verify.firstBadEntry.seq}: ${verify.firstBadEntry.problem}</dd>`}
          ${verify.unrecordedStrict && verify.unrecordedStrict.length > 0 && html`<dt>Strict without an entry</dt><dd>${verify.unrecordedStrict.join(', ')}</dd>`}
        </dl>
        <a href="/governance/audit-log.md" download="audit-log.md">Export as Markdown</a>
      </section>`}
    ${log && html`
      <table>
        <caption>${log.entries.length} entr${log.entries.length === 1 ? 'y' : 'ies'}, oldest first</caption>
        <thead><tr><th scope="col">#</th><th scope="col">Date</th><th scope="col">Schema bundle SHA</th><th scope="col">Change request</th><th scope="col">Validation window</th><th scope="col">Subjects</th><th scope="col">Notes</th><th scope="col">Recorded by</th></tr></thead>
        <tbody>${log.entries.map((e) => html`<tr>
          <td>${e.seq}</td><td>${e.date}</td><td class="hash">${e.schemaBundleSha}</td>
          <td>${e.changeRequestId ? html`<a href="#/change-requests/${e.changeRequestId}">${e.changeRequest || `#${e.changeRequestId}`}</a>` : e.changeRequest}</td>
          <td>${e.validationWindow}</td><td>${e.subjects.join(', ')}</td><td>${e.notes}</td>
          <td>${e.recordedBy.user}${e.recordedBy.authenticated ? '' : ' (unauthenticated)'} <span class="note">${when(e.createdAt)}</span></td>
        </tr>`)}</tbody>
      </table>`}
  `;
}
