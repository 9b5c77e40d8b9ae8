import { useState, type FormEvent } from 'react';
import { ApiError } from '../../shared';
import { api } from '../bridge/api';
import { useDesk } from '../state/store';
import { Logo } from '../ui/Logo';

/** A one-time sign-in link from an admin carries the e-mail and code in its query string. */
const fromLink = new URLSearchParams(location.search);

export function SignIn() {
  const setSession = useDesk((s) => s.setSession);
  const [email, setEmail] = useState(fromLink.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState(fromLink.get('signInCode') ?? '');
  const [firstTime, setFirstTime] = useState(Boolean(fromLink.get('signInCode')));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSession(await api.signIn({ email, password, ...(firstTime ? { signInCode: code.trim() } : {}) }));
      // The code is spent: do not leave it in the address bar.
      if (fromLink.has('signInCode')) history.replaceState(null, '', location.pathname);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not sign in.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="signin" onSubmit={submit} aria-label="Sign in">
      <h1>
        <Logo size={28} /> Rebound
      </h1>
      <label>
        Email
        <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
      </label>
      {firstTime && (
        <label>
          Sign-in code
          <input autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required />
        </label>
      )}
      <label>
        {firstTime ? 'Choose a password' : 'Password'}
        <input type="password" autoComplete={firstTime ? 'new-password' : 'current-password'} value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy}>
        {busy ? 'Signing in…' : firstTime ? 'Sign in and set password' : 'Sign in'}
      </button>
      <button type="button" className="linkish" onClick={() => setFirstTime(!firstTime)}>
        {firstTime ? 'I have a password' : 'First time here? Use the code from your admin'}
      </button>
    </form>
  );
}
