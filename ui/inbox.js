import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { get, enc, when } from './api.js';

const LABEL = {
  approve: 'Approve',
  'dry-run': 'Dry-run',
  apply: 'Apply',
  promote: 'Promote',
  'canary-failures': 'Canary failures',
  unaudited: 'Unaudited subject',
};

/** What needs the signed-in user: approvals, dry-runs, applies, promotions, failing canaries, unaudited subjects. */
export function Inbox({ onChange }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [activity, setActivity] = useState(null);
  useEffect(() => {
    get('/ui/api/inbox').then(setData, (err) => setError(err.message));
    // The same events the webhooks deliver (GET /governance/notifications), newest first.
    get('/governance/notifications?limit=20').then((feed) => setActivity(feed.events), () => setActivity([]));
    onChange && onChange();
  }, []);
  return html`
    <h1 tabindex="-1">Inbox</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${data && data.items.length === 0 && html`<p>Nothing needs you right now.</p>`}
    ${data && data.items.length > 0 && html`
      <p>${data.items.length} item${data.items.length === 1 ? '' : 's'} need${data.items.length === 1 ? 's' : ''} you.</p>
      <ul class="items" aria-label="Items that need you">
        ${data.items.map((item) => html`
          <li>
            <span class="badge ${item.kind === 'canary-failures' || item.kind === 'unaudited' ? 'breaking' : 'canary'}">${LABEL[item.kind] || item.kind}</span>
            ${item.changeRequest
              ? html`<a href="#/change-requests/${item.changeRequest.id}">Change request ${item.changeRequest.id}: ${item.changeRequest.title}</a> <span class="note">by ${item.changeRequest.author}</span>`
              : html`<a href="#/subjects/${enc(item.subject)}">${item.subject}</a>`}
            <div>${item.why}</div>
          </li>`)}
      </ul>`}
    <h2>Recent activity</h2>
    ${activity && activity.length === 0 && html`<p>Nothing has happened yet.</p>`}
    ${activity && activity.length > 0 && html`
      <ol class="activity" aria-label="Recent governance events, newest first">
        ${activity.map((e) => html`<li><span class="note">${when(e.at)}</span> ${e.changeRequest ? html`<a href="#/change-requests/${e.changeRequest.id}">${e.summary}</a>` : e.summary}</li>`)}
      </ol>`}
  `;
}
