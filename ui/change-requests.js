import { useEffect, useState, useCallback } from 'preact/hooks';
import { html } from './html.js';
import { get, post, enc, formatRemaining, when } from './api.js';
import { DiffView } from './diff-view.js';

const STATES = ['draft', 'dry-run-passed', 'approved', 'canary', 'strict', 'rejected', 'withdrawn', 'canary-failed'];

export function ChangeRequestList() {
  const [state, setState] = useState('');
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    get(`/governance/change-requests${state ? `?state=${state}` : ''}`).then(setList, (err) => setError(err.message));
  }, [state]);
  return html`
    <h1 tabindex="-1">Change requests</h1>
    <label for="cr-state">State</label>
    <select id="cr-state" value=${state} onChange=${(e) => setState(e.target.value)}>
      <option value="">any</option>
      ${STATES.map((s) => html`<option value=${s}>${s}</option>`)}
    </select>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${list && html`
      <table>
        <caption>${list.length} change request${list.length === 1 ? '' : 's'}, newest first</caption>
        <thead><tr><th scope="col">#</th><th scope="col">Title</th><th scope="col">State</th><th scope="col">Author</th><th scope="col">Subjects</th><th scope="col">Waiting for</th></tr></thead>
        <tbody>
          ${list.map((cr) => html`<tr>
            <td>${cr.id}</td>
            <td><a href="#/change-requests/${cr.id}">${cr.title}</a></td>
            <td><span class="badge ${cr.state}">${cr.state}</span></td>
            <td>${cr.author.user}</td>
            <td>${cr.subjects.join(', ')}</td>
            <td>${cr.missingApprovals.join(', ')}</td>
          </tr>`)}
        </tbody>
      </table>`}
  `;
}

/** A button that is enabled exactly when the API would accept the action; otherwise the API's reason is shown beside it. */
function ActionButton({ id, label, action, busy, onClick }) {
  const reasonId = `${id}-reason`;
  return html`
    <button id=${id} type=${onClick ? 'button' : 'submit'} onClick=${onClick} disabled=${busy || !action.allowed} aria-describedby=${action.allowed ? undefined : reasonId}>${label}</button>
    ${!action.allowed && action.reason && html`<p id=${reasonId} class="reason">${action.reason}</p>`}
  `;
}

function Countdown({ status, serverNow }) {
  const offset = Date.parse(serverNow) - Date.now();
  const [now, setNow] = useState(Date.now() + offset);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(timer);
  }, [serverNow]);
  const remaining = Math.max(0, Date.parse(status.endsAt) - now);
  return html`
    <dl class="facts">
      <dt>Window</dt><dd>${status.window}, started ${when(status.startedAt)}</dd>
      <dt>Ends</dt><dd>${when(status.endsAt)}</dd>
      <dt>Remaining</dt><dd><span class="countdown" role="timer" aria-label="Canary window remaining">${remaining > 0 ? formatRemaining(remaining) : 'window passed'}</span></dd>
      <dt>Failures</dt><dd>${status.failures}</dd>
    </dl>
  `;
}

function Evidence({ dryRun }) {
  if (!dryRun) return html`<p>No dry-run yet.</p>`;
  return html`
    <p>${dryRun.ok ? html`<span class="badge compatible">passed</span>` : html`<span class="badge breaking">failed</span>`} ${when(dryRun.at)} by ${dryRun.user}${dryRun.authenticated ? '' : ' (unauthenticated)'}, bundle <span class="hash">${dryRun.bundleSha}</span></p>
    ${dryRun.blockers.length > 0 && html`<ul aria-label="What blocks approval">${dryRun.blockers.map((b) => html`<li>${b}</li>`)}</ul>`}
    <table>
      <caption>Evidence per subject</caption>
      <thead><tr><th scope="col">Subject</th><th scope="col">Verdict</th><th scope="col">Samples</th><th scope="col">First failing records</th></tr></thead>
      <tbody>
        ${dryRun.subjects.map((s) => html`<tr>
          <td>${s.subject}</td>
          <td>${s.compatible ? html`<span class="badge compatible">compatible</span>` : s.majorChange ? html`<span class="badge declared-major">declared major</span>` : html`<span class="badge breaking">breaking</span>`}</td>
          <td>${s.samples ? `${s.samples.valid} of ${s.samples.total} passed` : 'none given'}</td>
          <td>${s.samples && s.samples.invalidRecords.length > 0
            ? html`<ul>${s.samples.invalidRecords.slice(0, 5).map((r) => html`<li>record ${r.index}: ${r.issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}</li>`)}</ul>`
            : ''}</td>
        </tr>`)}
      </tbody>
    </table>
  `;
}

export function ChangeRequestPage({ id, session, onChange }) {
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => get(`/ui/api/change-requests/${enc(id)}`).then(setPage, (err) => setError(err.message)), [id]);
  useEffect(() => {
    load();
  }, [id]);
  // While the canary runs, the page refreshes itself so failures and the end of the window show up.
  useEffect(() => {
    if (!page || page.changeRequest.state !== 'canary') return undefined;
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [page && page.changeRequest.state]);

  const act = (path, body, done) => async (e) => {
    if (e) e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await post(`/governance/change-requests/${enc(id)}/${path}`, body ? body(e) : {});
      setMessage({ ok: true, text: done });
      await load();
      onChange && onChange();
    } catch (err) {
      setMessage({ ok: false, text: err.message });
    }
    setBusy(false);
  };
  const notesOf = (e) => new FormData(e.target.form || e.target).get('notes') || '';

  if (error) return html`<h1 tabindex="-1">Change request ${id}</h1><p class="error" role="alert">${error}</p>`;
  if (!page) return html`<h1 tabindex="-1">Change request ${id}</h1><p>Loading…</p>`;
  const cr = page.changeRequest;
  const a = page.actions;
  return html`
    <h1 tabindex="-1">Change request ${cr.id}: ${cr.title}</h1>
    <p><span class="badge ${cr.state}">${cr.state}</span> by ${cr.author.user}${cr.author.authenticated ? '' : ' (unauthenticated)'}, ${when(cr.createdAt)}${cr.reference ? html` · ${/^https?:\/\//i.test(cr.reference) ? html`<a href=${cr.reference} rel="noreferrer noopener">${cr.reference}</a>` : cr.reference}` : ''}</p>
    ${cr.description && html`<p>${cr.description}</p>`}
    <div role="status" aria-live="polite">${message && html`<p class=${message.ok ? 'note' : 'error'}>${message.text}</p>`}</div>

    <h2>Approvals</h2>
    ${cr.missingApprovals.length > 0 ? html`<p>Still missing: <strong>${cr.missingApprovals.join(', ')}</strong></p>` : cr.approvals.length > 0 ? html`<p>Every required approval is in.</p>` : null}
    ${cr.approvals.length > 0 && html`
      <table><caption>Approvals given</caption>
        <thead><tr><th scope="col">Role</th><th scope="col">Approver</th><th scope="col">Notes</th><th scope="col">When</th></tr></thead>
        <tbody>${cr.approvals.map((ap) => html`<tr><td>${ap.role}</td><td>${ap.user}${ap.authenticated ? '' : ' (unauthenticated)'}</td><td>${ap.notes}</td><td>${when(ap.at)}</td></tr>`)}</tbody>
      </table>`}

    <h2>Actions</h2>
    <div class="row actions">
      ${['draft', 'dry-run-passed', 'approved'].includes(cr.state) && html`
        <form aria-label="Approve" onSubmit=${act('approvals', (e) => { const f = new FormData(e.target); return { role: f.get('role'), notes: f.get('notes') }; }, 'Approved.')}>
          <h3>Approve</h3>
          ${a.approve.roles.length > 1
            ? html`<label for="approve-role">Approve as</label><select id="approve-role" name="role">${a.approve.roles.map((r) => html`<option value=${r}>${r}</option>`)}</select>`
            : html`<input type="hidden" name="role" value=${a.approve.roles[0] || ''} />`}
          <label for="approve-notes">Reviewer notes</label>
          <textarea id="approve-notes" name="notes" required disabled=${!a.approve.allowed}></textarea>
          <${ActionButton} id="approve" label=${a.approve.roles.length === 1 ? `Approve as ${a.approve.roles[0]}` : 'Approve'} action=${a.approve} busy=${busy} />
        </form>
        <form aria-label="Reject" onSubmit=${act('reject', (e) => ({ notes: notesOf(e) }), 'Rejected.')}>
          <h3>Reject</h3>
          <label for="reject-notes">Why</label>
          <textarea id="reject-notes" name="notes" required disabled=${!a.reject.allowed}></textarea>
          <${ActionButton} id="reject" label="Reject" action=${a.reject} busy=${busy} />
        </form>
        <form aria-label="Dry-run and apply" onSubmit=${(e) => e.preventDefault()}>
          <h3>Dry-run and apply</h3>
          <${ActionButton} id="dry-run" label="Run the dry-run" action=${a.dryRun} busy=${busy} onClick=${act('dry-run', null, 'Dry-run recorded.')} />
          <${ActionButton} id="apply" label="Apply (start the canary)" action=${a.apply} busy=${busy} onClick=${act('apply', null, 'Applied: the canary window has started.')} />
          <${ActionButton} id="withdraw" label="Withdraw" action=${a.withdraw} busy=${busy} onClick=${act('withdraw', null, 'Withdrawn.')} />
        </form>`}
      ${cr.state === 'canary' && html`
        <form aria-label="Promote" onSubmit=${act('promote', (e) => ({ notes: notesOf(e) }), 'Promoted to strict; the audit log has its entry.')}>
          <h3>Promote to strict</h3>
          <label for="promote-notes">Notes for the audit log</label>
          <textarea id="promote-notes" name="notes" disabled=${!a.promote.allowed}></textarea>
          <${ActionButton} id="promote" label="Promote to strict" action=${a.promote} busy=${busy} />
        </form>
        <form aria-label="Mark the canary failed" onSubmit=${act('fail', (e) => ({ notes: notesOf(e) }), 'The canary is marked failed.')}>
          <h3>Mark the canary failed</h3>
          <label for="fail-notes">Notes</label>
          <textarea id="fail-notes" name="notes" disabled=${!a.fail.allowed}></textarea>
          <${ActionButton} id="fail" label="Mark failed" action=${a.fail} busy=${busy} />
        </form>`}
      ${!['draft', 'dry-run-passed', 'approved', 'canary'].includes(cr.state) && html`<p>Closed${cr.closed ? ` ${when(cr.closed.at)} by ${cr.closed.user}` : ''}${cr.closed && cr.closed.notes ? `: ${cr.closed.notes}` : ''}${cr.closed && cr.closed.auditSeq ? html` · <a href="#/audit">audit entry ${cr.closed.auditSeq}</a>` : ''}</p>`}
    </div>

    ${cr.canary && html`
      <h2>Canary</h2>
      ${cr.canaryStatus ? html`<${Countdown} status=${cr.canaryStatus} serverNow=${page.now} />` : html`<p>The window ran from ${when(cr.canary.startedAt)}${cr.closed ? ` to ${when(cr.closed.at)}` : ''}.</p>`}
      <table>
        <caption>Validation failures in the window (${page.failureCount})${page.failures.length < page.failureCount ? `: the first ${page.failures.length}` : ''}</caption>
        <thead><tr><th scope="col">Subject</th><th scope="col">Version</th><th scope="col">Who</th><th scope="col">When</th><th scope="col">Report</th></tr></thead>
        <tbody>
          ${page.failures.length === 0 && html`<tr><td colspan="5">None.</td></tr>`}
          ${page.failures.map((f) => html`<tr>
            <td><a href="#/subjects/${enc(f.subject)}">${f.subject}</a></td>
            <td>${f.report.version ?? '(refused)'}</td>
            <td>${f.report.registeredBy ? `${f.report.registeredBy.user}${f.report.registeredBy.authenticated ? '' : ' (unauthenticated)'}` : 'unknown'}</td>
            <td>${when(f.createdAt)}</td>
            <td>${f.report.breakingChanges.map((c) => html`<div><code>${c.ruleId}</code> ${c.path}: ${c.message}</div>`)}</td>
          </tr>`)}
        </tbody>
      </table>`}

    <h2>Dry-run evidence</h2>
    <${Evidence} dryRun=${cr.dryRun} />

    <h2>Schemas</h2>
    ${page.subjects.map((s) => html`
      <section class="card" aria-label=${`Diff of ${s.subject}`}>
        <h3>${s.subject} <span class="note">(${s.schemaType})</span></h3>
        <p class="note">${s.status === 'new-subject' ? 'A new subject.' : s.base ? `Compared with version ${s.base.version} (id ${s.base.id})${s.registered ? `; registered as version ${s.registered.version}` : ''}.` : ''}${s.note ? ` ${s.note}` : ''}</p>
        <${DiffView} diff=${s.diff} label=${`${s.subject}: registry version beside the proposal`} leftTitle=${s.base ? `version ${s.base.version}` : 'nothing registered'} rightTitle=${s.registered ? `version ${s.registered.version} (this change)` : 'proposed'} />
      </section>`)}

    <h2>History</h2>
    <ol>${cr.history.map((t) => html`<li>${when(t.at)}: ${t.from ?? 'created'} → ${t.to} by ${t.user}${t.authenticated ? '' : ' (unauthenticated)'}${t.note ? ` (${t.note})` : ''}</li>`)}</ol>
  `;
}
