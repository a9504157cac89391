import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { get, enc, when } from './api.js';
import { DiffView } from './diff-view.js';

const PAGE = 100;

function ModeBadges({ row }) {
  return html`<span class="badge ${row.mode}">${row.mode}</span>${row.unaudited ? html`<span class="badge unaudited">unaudited</span>` : null}${row.canaryOf ? html`<a class="badge canary" href="#/change-requests/${row.canaryOf}">CR ${row.canaryOf}</a>` : null}`;
}

export function SubjectList() {
  const [q, setQ] = useState('');
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const load = (query, offset, previous) =>
    get(`/ui/api/subjects?q=${enc(query)}&offset=${offset}&limit=${PAGE}`).then(
      (page) => setData(previous ? { ...page, subjects: [...previous.subjects, ...page.subjects] } : page),
      (err) => setError(err.message),
    );
  useEffect(() => {
    const timer = setTimeout(() => load(q, 0, null), q ? 150 : 0);
    return () => clearTimeout(timer);
  }, [q]);
  return html`
    <h1 tabindex="-1">Subjects</h1>
    <label for="subject-search">Search subjects</label>
    <input id="subject-search" type="search" value=${q} onInput=${(e) => setQ(e.target.value)} placeholder="part of a name" />
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${data && html`
      <table>
        <caption>${data.total} subject${data.total === 1 ? '' : 's'}${q ? ` matching “${q}”` : ''}</caption>
        <thead><tr><th scope="col">Subject</th><th scope="col">Mode</th><th scope="col">Level</th><th scope="col">Policy</th><th scope="col">Latest version</th></tr></thead>
        <tbody>
          ${data.subjects.map((s) => html`<tr>
            <td><a href="#/subjects/${enc(s.subject)}">${s.subject}</a></td>
            <td><${ModeBadges} row=${s} /></td>
            <td>${s.compatibilityLevel}</td>
            <td>${s.compatibilityPolicy}</td>
            <td>${s.latestVersion ?? '—'}</td>
          </tr>`)}
        </tbody>
      </table>
      ${data.subjects.length < data.total && html`<button type="button" class="secondary" onClick=${() => load(q, data.subjects.length, data)}>Show ${Math.min(PAGE, data.total - data.subjects.length)} more</button>`}`}
  `;
}

/** Failures per day as bars (canary below strict), with the same numbers in a table for screen readers. */
function FailureChart({ days }) {
  if (days.length === 0) return html`<p>No validation failures recorded.</p>`;
  const max = Math.max(...days.map((d) => d.canary + d.strict));
  const w = 24;
  const h = 120;
  const width = Math.max(200, days.length * w);
  return html`
    <figure class="chart">
      <svg viewBox="0 0 ${width} ${h + 20}" width=${width} height=${h + 20} role="img" aria-label=${`Validation failures per day, ${days.length} day${days.length === 1 ? '' : 's'}`}>
        ${days.map((d, i) => {
          const c = (d.canary / max) * h;
          const s = (d.strict / max) * h;
          return html`<g>
            <title>${d.day}: ${d.canary} canary, ${d.strict} strict</title>
            <rect class="canary" x=${i * w + 3} y=${h - c} width=${w - 6} height=${c} />
            <rect class="strict" x=${i * w + 3} y=${h - c - s} width=${w - 6} height=${s} />
            <text x=${i * w + w / 2} y=${h + 14} font-size="9" text-anchor="middle">${d.day.slice(5)}</text>
          </g>`;
        })}
      </svg>
      <figcaption class="note">Canary failures (registered) in amber, strict refusals in red.</figcaption>
    </figure>
    <table>
      <caption>Failures per day</caption>
      <thead><tr><th scope="col">Day</th><th scope="col">Canary</th><th scope="col">Strict</th></tr></thead>
      <tbody>${days.map((d) => html`<tr><td>${d.day}</td><td>${d.canary}</td><td>${d.strict}</td></tr>`)}</tbody>
    </table>
  `;
}

function VersionDiff({ subject, versions }) {
  const live = versions.filter((v) => !v.deleted);
  const [from, setFrom] = useState(live.length > 1 ? live[live.length - 2].version : live[0] && live[0].version);
  const [to, setTo] = useState(live.length > 0 ? live[live.length - 1].version : undefined);
  const [diff, setDiff] = useState(null);
  const [error, setError] = useState(null);
  const show = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      setDiff(await get(`/ui/api/subjects/${enc(subject)}/diff?from=${from}&to=${to}`));
    } catch (err) {
      setError(err.message);
    }
  };
  if (live.length === 0) return html`<p>No live versions to compare.</p>`;
  return html`
    <form class="row" onSubmit=${show} aria-label="Compare two versions">
      <div><label for="diff-from">From version</label><select id="diff-from" value=${from} onChange=${(e) => setFrom(e.target.value)}>${versions.map((v) => html`<option value=${v.version}>${v.version}${v.deleted ? ' (deleted)' : ''}</option>`)}</select></div>
      <div><label for="diff-to">To version</label><select id="diff-to" value=${to} onChange=${(e) => setTo(e.target.value)}>${versions.map((v) => html`<option value=${v.version}>${v.version}${v.deleted ? ' (deleted)' : ''}</option>`)}</select></div>
      <div><button type="submit">Show the diff</button></div>
    </form>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${diff && html`<${DiffView} diff=${diff.diff} label=${`${subject}: version ${diff.from.version} beside version ${diff.to.version}`} leftTitle=${`version ${diff.from.version}`} rightTitle=${`version ${diff.to.version}`} />`}
  `;
}

export function SubjectPage({ subject }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    setData(null);
    get(`/ui/api/subjects/${enc(subject)}`).then(setData, (err) => setError(err.message));
  }, [subject]);
  if (error) return html`<h1 tabindex="-1">${subject}</h1><p class="error" role="alert">${error}</p>`;
  if (!data) return html`<h1 tabindex="-1">${subject}</h1><p>Loading…</p>`;
  const st = data.status;
  return html`
    <h1 tabindex="-1">${subject}</h1>
    <p><${ModeBadges} row=${{ mode: st.validationMode, unaudited: !st.audited, canaryOf: st.canaryOf }} /></p>
    <dl class="facts">
      <dt>Validation mode</dt><dd>${st.validationMode} (${st.validationModeSource})</dd>
      <dt>Compatibility</dt><dd>${st.compatibilityLevel}, policy ${st.compatibilityPolicy}</dd>
      <dt>Latest version</dt><dd>${st.latestVersion ?? '—'}</dd>
      <dt>Compat id</dt><dd>${st.schemaCompatId ?? '—'}</dd>
      ${st.unauditedBecause && html`<dt>Unaudited</dt><dd>${st.unauditedBecause}</dd>`}
      <dt>Failures</dt><dd>${st.failures.total} (${st.failures.canary} canary, ${st.failures.strict} strict)</dd>
    </dl>

    <h2>Versions</h2>
    <table>
      <caption>${data.versions.length} version${data.versions.length === 1 ? '' : 's'}</caption>
      <thead><tr><th scope="col">Version</th><th scope="col">Schema id</th><th scope="col">Registered</th><th scope="col">State</th></tr></thead>
      <tbody>${data.versions.map((v) => html`<tr><td>${v.version}</td><td>${v.id}</td><td>${when(v.createdAt)}</td><td>${v.deleted ? 'deleted' : 'live'}</td></tr>`)}</tbody>
    </table>

    <h2>Compare versions</h2>
    <${VersionDiff} subject=${subject} versions=${data.versions} />

    <h2>Compat-id timeline</h2>
    <ol aria-label="Compat-id majors">
      ${data.compatIds.map((c) => html`<li><strong>${c.compatId}</strong>: versions ${c.firstVersion}–${c.lastVersion ?? 'now'}${c.bumpedBy ? `, started by version ${c.bumpedBy.version}${c.bumpedBy.breakingChanges && c.bumpedBy.breakingChanges.length ? ` breaking ${c.bumpedBy.breakingChanges.map((b) => b.ruleId).join(', ')}` : ''}` : ''}</li>`)}
    </ol>

    <h2>Failures over time</h2>
    <${FailureChart} days=${data.failuresByDay} />

    <h2>Validation reports</h2>
    <table>
      <caption>The ${data.reports.length} newest of ${data.reportsTotal}</caption>
      <thead><tr><th scope="col">When</th><th scope="col">Outcome</th><th scope="col">Mode</th><th scope="col">Version</th><th scope="col">Verdict</th><th scope="col">Breaking changes</th></tr></thead>
      <tbody>${data.reports.map((r) => html`<tr>
        <td>${when(r.createdAt)}</td><td>${r.outcome}</td><td>${r.mode}</td><td>${r.version ?? '—'}</td>
        <td>${r.compatible ? html`<span class="badge compatible">compatible</span>` : html`<span class="badge breaking">incompatible</span>`}</td>
        <td>${r.breakingChanges.map((c) => html`<div><code>${c.ruleId}</code> ${c.path}</div>`)}</td>
      </tr>`)}</tbody>
    </table>
  `;
}
