import { useState } from 'preact/hooks';
import { html } from './html.js';
import { post } from './api.js';

/** Sign-in: the configured users with auth on; with auth off, the name the console acts as (recorded as unauthenticated). */
export function SignIn({ authEnabled, onSignedIn }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    setBusy(true);
    setError(null);
    try {
      await post('/ui/api/session', { user: form.get('user'), ...(authEnabled && { password: form.get('password') }) });
      await onSignedIn();
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  };
  return html`
    <header class="top"><span class="brand">schemagate</span></header>
    <main id="main">
      <h1 tabindex="-1">Sign in to the governance console</h1>
      ${!authEnabled && html`<p class="note">Authentication is off (the server listens on loopback only). Name the user you act as: everything you record is labelled <strong>unauthenticated</strong>, as the API labels it.</p>`}
      <form onSubmit=${submit} aria-describedby=${error ? 'sign-in-error' : undefined}>
        <label for="user">User</label>
        <input id="user" name="user" type="text" autocomplete="username" required />
        ${authEnabled && html`<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required />`}
        <div><button type="submit" disabled=${busy}>${authEnabled ? 'Sign in' : 'Continue'}</button></div>
        ${error && html`<p id="sign-in-error" class="error" role="alert">${error}</p>`}
      </form>
    </main>
  `;
}
