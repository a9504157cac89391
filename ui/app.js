import { render } from 'preact';
import { useEffect, useState, useCallback } from 'preact/hooks';
import { html } from './html.js';
import { api, get, setCsrfToken } from './api.js';
import { SignIn } from './sign-in.js';
import { Inbox } from './inbox.js';
import { ChangeRequestList, ChangeRequestPage } from './change-requests.js';
import { SubjectList, SubjectPage } from './subjects.js';
import { AuditPage } from './audit.js';

function parseRoute(hash) {
  const path = (hash || '#/').replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'change-requests' && parts[1]) return { name: 'change-request', id: parts[1] };
  if (parts[0] === 'change-requests') return { name: 'change-requests' };
  if (parts[0] === 'subjects' && parts[1]) return { name: 'subject', subject: decodeURIComponent(parts.slice(1).join('/')) };
  if (parts[0] === 'subjects') return { name: 'subjects' };
  if (parts[0] === 'audit') return { name: 'audit' };
  return { name: 'inbox' };
}

function useRoute() {
  const [route, setRoute] = useState(parseRoute(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

const NAV = [
  ['inbox', '#/', 'Inbox'],
  ['change-requests', '#/change-requests', 'Change requests'],
  ['subjects', '#/subjects', 'Subjects'],
  ['audit', '#/audit', 'Audit log'],
];

function section(route) {
  if (route.name === 'change-request') return 'change-requests';
  if (route.name === 'subject') return 'subjects';
  return route.name;
}

function App() {
  const [state, setState] = useState({ loading: true });
  const [inboxCount, setInboxCount] = useState(0);
  const route = useRoute();

  const loadSession = useCallback(async () => {
    const s = await get('/ui/api/session');
    if (s.session) setCsrfToken(s.session.csrfToken);
    setState({ loading: false, authEnabled: s.authEnabled, session: s.session });
  }, []);
  useEffect(() => {
    loadSession().catch((err) => setState({ loading: false, error: err.message }));
  }, []);

  const refreshInbox = useCallback(async () => {
    try {
      setInboxCount((await get('/ui/api/inbox')).items.length);
    } catch {
      // The banner is a hint; the inbox page shows errors.
    }
  }, []);
  useEffect(() => {
    if (!state.session) return undefined;
    refreshInbox();
    const timer = setInterval(refreshInbox, 10_000);
    return () => clearInterval(timer);
  }, [state.session, route]);

  // Each page's heading takes focus when the page changes, so screen readers and keyboards start there.
  useEffect(() => {
    const h1 = document.querySelector('main h1');
    if (h1) h1.focus();
  }, [route.name, route.id, route.subject]);

  if (state.loading) return html`<main id="main"><p>Loading…</p></main>`;
  if (state.error) return html`<main id="main"><p class="error" role="alert">${state.error}</p></main>`;
  if (!state.session) return html`<${SignIn} authEnabled=${state.authEnabled} onSignedIn=${loadSession} />`;

  const s = state.session;
  const signOut = async () => {
    await api('DELETE', '/ui/api/session');
    setCsrfToken(null);
    location.hash = '#/';
    loadSession();
  };
  const current = section(route);
  return html`
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>Skip to content</a>
    <header class="top">
      <span class="brand">schemagate</span>
      <nav aria-label="Main">
        <ul>
          ${NAV.map(([key, href, label]) => html`<li><a href=${href} aria-current=${current === key ? 'page' : undefined}>${label}${key === 'inbox' && inboxCount > 0 ? ` (${inboxCount})` : ''}</a></li>`)}
        </ul>
      </nav>
      <span class="who">
        <span>Signed in as <strong>${s.user}</strong> (${s.roles.join(', ')})${s.authenticated ? '' : html` · <span class="badge unaudited">unauthenticated</span>`}</span>
        <button class="secondary" type="button" onClick=${signOut}>Sign out</button>
      </span>
    </header>
    <div role="status" aria-live="polite">
      ${inboxCount > 0 && route.name !== 'inbox' ? html`<p class="banner">${inboxCount} item${inboxCount === 1 ? ' needs' : 's need'} you: <a href="#/">open your inbox</a>.</p>` : null}
    </div>
    <main id="main" tabindex="-1">
      ${route.name === 'inbox' && html`<${Inbox} session=${s} onChange=${refreshInbox} />`}
      ${route.name === 'change-requests' && html`<${ChangeRequestList} />`}
      ${route.name === 'change-request' && html`<${ChangeRequestPage} id=${route.id} session=${s} onChange=${refreshInbox} />`}
      ${route.name === 'subjects' && html`<${SubjectList} />`}
      ${route.name === 'subject' && html`<${SubjectPage} subject=${route.subject} />`}
      ${route.name === 'audit' && html`<${AuditPage} />`}
    </main>
  `;
}

const root = document.getElementById('root');
// The page's static placeholder goes: the app renders the whole shell.
root.textContent = '';
render(html`<${App} />`, root);
