import { CR_ID, PAGE, type RouteSpec, SUBJECT, obj, str } from './route-spec-parts.ts';

const CONSOLE = 'Console';
const page = (summary: string): RouteSpec => ({ summary, tag: CONSOLE, ok: { status: 200, schema: { type: 'string' }, description: 'HTML, JavaScript or CSS.', type: 'text/html' }, errors: ['routeNotFound'] });

/** The governance console: its page, its assets, its sign-in session and the views it reads (docs/console.md). */
export const CONSOLE_ROUTE_SPECS: Record<string, RouteSpec> = {
  'GET /ui': page('The console page (also at /ui/)'),
  'GET /ui/*': page('A console asset (script, style, vendored library)'),
  'GET /ui/api/session': { summary: 'The console session of this browser, if any', tag: CONSOLE, ok: { status: 200, schema: obj('{authEnabled, session: {user, roles, authenticated, csrfToken} | null}'), description: 'The session.' }, errors: [] },
  'POST /ui/api/session': {
    summary: 'Sign in to the console (sets an HttpOnly, SameSite=Strict session cookie)',
    tag: CONSOLE,
    body: obj('{"user": "…", "password": "…"}; with auth off only "user", the name the console acts as (unauthenticated).'),
    ok: { status: 200, schema: obj('{user, roles, authenticated, csrfToken}: send csrfToken as the x-csrf-token header on every write.'), description: 'Signed in.' },
    errors: ['authenticationRequired', 'tooManySignIns'],
  },
  'DELETE /ui/api/session': { summary: 'Sign out of the console', tag: CONSOLE, ok: { status: 200, schema: obj('{signedOut: true}'), description: 'Signed out.' }, errors: ['csrfRejected'] },
  'GET /ui/api/inbox': { summary: 'What needs the signed-in user now', tag: CONSOLE, ok: { status: 200, schema: obj('{items: [{kind, why, changeRequest?, subject?}]}'), description: 'The inbox.' }, errors: [] },
  'GET /ui/api/change-requests/:id': {
    summary: 'A change request as its console page shows it',
    tag: CONSOLE,
    params: CR_ID,
    ok: { status: 200, schema: obj('{changeRequest, subjects: [{subject, base, status, diff}], failures (the first 100), failureCount, actions, now}'), description: 'The page.' },
    errors: ['changeRequestNotFound'],
  },
  'GET /ui/api/subjects': {
    summary: 'Subjects with their validation mode, audit state, level and policy',
    tag: CONSOLE,
    query: { q: str('A case-insensitive part of the name.'), ...PAGE },
    ok: { status: 200, schema: obj('{total, offset, limit, subjects: [...]}'), description: 'A page of subjects.' },
    errors: [],
  },
  'GET /ui/api/subjects/:subject': {
    summary: "A subject's console page: status, versions, compat ids, reports, failures per day",
    tag: CONSOLE,
    params: SUBJECT,
    ok: { status: 200, schema: obj('The page.'), description: 'The page.' },
    errors: ['subjectNotFound'],
  },
  'GET /ui/api/subjects/:subject/diff': {
    summary: 'Two versions side by side, every difference flagged',
    tag: CONSOLE,
    params: SUBJECT,
    query: { from: str('A version number.'), to: str('A version number.') },
    ok: { status: 200, schema: obj('{subject, from, to, diff: {rows, unplaced, truncated, stats}}'), description: 'The diff.' },
    errors: ['subjectNotFound', 'versionNotFound'],
  },
};
