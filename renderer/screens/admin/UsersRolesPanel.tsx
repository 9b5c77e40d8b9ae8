import { useState } from 'react';
import {
  ApiError,
  expandPermissions,
  formatDateTime,
  plural,
  FIRST_SIGN_IN,
  FIRST_SIGN_IN_LABELS,
  newUserSchema,
  type NewUserResult,
  PERMISSION_CATALOG,
  PERMISSIONS,
  type Permission,
  type RoleView,
  type UsersAndRoles,
  type UserView,
} from '../../../shared';
import { api } from '../../bridge/api';
import { useAdminData } from './use-admin-data';
import { useDesk } from '../../state/store';
import { Field } from '../../ui/Field';
import { useScreenZone } from '../../components/zone';
import { useFieldErrors } from '../../ui/use-field-errors';
import { useConfirm } from '../../ui/use-confirm';

const SECTION_LABELS = { general: 'Follow Ups and reports', admin: 'Admin', servicetitan: 'ServiceTitan' } as const;

/** Roles from the permission catalog, and each user's roles and accounts. */
export function UsersRolesPanel() {
  const [editing, setEditing] = useState<RoleView | 'new' | null>(null);
  const [adding, setAdding] = useState(false);
  const { data, reload, placeholder } = useAdminData(() => api.usersAndRoles({}), 'users and roles');
  if (!data) return placeholder;
  return (
    <div className="admin-grid">
      <section aria-label="Roles">
        <div className="topline">
          <h3>Roles</h3>
          <button onClick={() => setEditing('new')}>New role</button>
        </div>
        <ul className="plain">
          {data.roles.map((r) => (
            <li key={r.id}>
              <button className="linkish" onClick={() => setEditing(r)}>
                {r.name}
              </button>{' '}
              <span className="hint">
                {plural(r.permissions.length, 'permission', 'permissions')} · {plural(r.users, 'user', 'users')}
              </span>
            </li>
          ))}
        </ul>
        {editing && <RoleEditor key={editing === 'new' ? 'new' : editing.id} role={editing === 'new' ? null : editing} onDone={() => { setEditing(null); void reload(); }} />}
      </section>
      <section aria-label="Users">
        <div className="topline">
          <h3>Users</h3>
          <button onClick={() => setAdding(true)}>Add user</button>
        </div>
        {adding && <AddUserForm data={data} onClose={() => setAdding(false)} onAdded={() => void reload()} />}
        <table>
          <thead>
            <tr>
              <th>User</th>
              <th>Roles</th>
              <th>Accounts</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.users.map((u) => (
              <UserRow key={u.id} user={u} data={data} onSaved={() => void reload()} />
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function RoleEditor({ role, onDone }: { role: RoleView | null; onDone(): void }) {
  const toast = useDesk((s) => s.toast);
  const [name, setName] = useState(role?.name ?? '');
  const [chosen, setChosen] = useState<Set<Permission>>(new Set(role?.permissions ?? []));
  const errors = useFieldErrors(['name']);
  // A broader permission brings its narrower ones: they show ticked and cannot be unticked alone.
  const implied = new Set([...expandPermissions(chosen)].filter((p) => !chosen.has(p)));

  const toggle = (p: Permission, on: boolean) => {
    const next = new Set(chosen);
    if (on) {
      next.add(p);
      for (const sub of PERMISSION_CATALOG[p].includes) next.delete(sub);
    } else next.delete(p);
    setChosen(next);
  };

  async function save() {
    try {
      await api.saveRole({ ...(role ? { id: role.id } : {}), name, permissions: [...chosen] });
      toast({ id: crypto.randomUUID(), kind: 'info', title: `Saved the role ${name}. People holding it have the change now.` });
      onDone();
    } catch (err) {
      errors.refused(err, 'Saving failed.');
    }
  }

  async function remove() {
    if (!role) return;
    try {
      await api.deleteRole({ roleId: role.id });
      onDone();
    } catch (err) {
      errors.refused(err, 'Deleting failed.');
    }
  }

  return (
    <form ref={errors.scope} className="admin-card" aria-label={role ? `Edit role ${role.name}` : 'New role'} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <Field label="Role name" error={errors.of('name')}>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      {(Object.keys(SECTION_LABELS) as (keyof typeof SECTION_LABELS)[]).map((section) => (
        <fieldset key={section}>
          <legend>{SECTION_LABELS[section]}</legend>
          {PERMISSIONS.filter((p) => PERMISSION_CATALOG[p].section === section).map((p) => (
            <label key={p} className="check">
              <input type="checkbox" checked={chosen.has(p) || implied.has(p)} disabled={implied.has(p)} onChange={(e) => toggle(p, e.target.checked)} />{' '}
              {PERMISSION_CATALOG[p].label}
            </label>
          ))}
        </fieldset>
      ))}
      {errors.problem && <p className="error" role="alert">{errors.problem}</p>}
      <div className="actions">
        <button className="primary" type="submit">Save role</button>
        {role && <button type="button" className="danger" onClick={() => void remove()}>Delete role</button>}
        <button type="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}

function UserRow({ user, data, onSaved }: { user: UserView; data: UsersAndRoles; onSaved(): void }) {
  const toast = useDesk((s) => s.toast);
  const [roles, setRoles] = useState(new Set(user.roleIds));
  const [accounts, setAccounts] = useState(new Set(user.accountIds));
  const flip = (set: Set<string>, id: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };
  const me = useDesk((s) => s.session?.userId);
  const [busy, setBusy] = useState(false);
  const { dialog, confirm } = useConfirm();
  async function setActive(active: boolean) {
    if (!active && !(await confirm({ title: `Deactivate ${user.name}?`, body: 'They are signed out everywhere at once and cannot sign in again until reactivated.', confirm: 'Deactivate' }))) return;
    setBusy(true);
    try {
      await api.setUserActive({ userId: user.id, active });
      toast({ id: crypto.randomUUID(), kind: 'info', title: active ? `Reactivated ${user.name}.` : `Deactivated ${user.name}: their sessions have ended.` });
      onSaved();
    } catch (err) {
      toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'Saving failed.' });
    } finally {
      setBusy(false);
    }
  }
  async function save() {
    try {
      await api.saveUserAccess({ userId: user.id, roleIds: [...roles], accountIds: [...accounts] });
      toast({ id: crypto.randomUUID(), kind: 'info', title: `Saved ${user.name}'s access. It applies on their desk now.` });
      onSaved();
    } catch (err) {
      // Refused: the boxes show what is saved again, not the change that was refused.
      setRoles(new Set(user.roleIds));
      setAccounts(new Set(user.accountIds));
      toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'Saving failed.' });
    }
  }
  return (
    <tr aria-label={`Access of ${user.name}`} className={user.active ? undefined : 'inactive'}>
      <td>
        {dialog /* a portal: drawn over the page, not in the cell */}
        {user.name}
        <div className="hint">{user.email}</div>
        {!user.active && <div className="warning" data-testid="deactivated">Deactivated</div>}
      </td>
      <td>
        {data.roles.map((r) => (
          <label key={r.id} className="check">
            <input type="checkbox" aria-label={`${user.name} holds ${r.name}`} checked={roles.has(r.id)} onChange={(e) => setRoles(flip(roles, r.id, e.target.checked))} /> {r.name}
          </label>
        ))}
      </td>
      <td>
        {data.accounts.map((a) => (
          <label key={a.id} className="check">
            <input type="checkbox" aria-label={`${user.name} sees ${a.name}`} checked={accounts.has(a.id)} onChange={(e) => setAccounts(flip(accounts, a.id, e.target.checked))} /> {a.name}
          </label>
        ))}
      </td>
      <td>
        <button onClick={() => void save()}>Save</button>{' '}
        {user.id !== me &&
          (user.active ? (
            <button className="danger" disabled={busy} onClick={() => void setActive(false)}>
              Deactivate
            </button>
          ) : (
            <button disabled={busy} onClick={() => void setActive(true)}>
              Reactivate
            </button>
          ))}
      </td>
    </tr>
  );
}

/** Adds a person; what they sign in with the first time is shown here once, for the admin to hand over. */
function AddUserForm({ data, onAdded, onClose }: { data: UsersAndRoles; onAdded(): void; onClose(): void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Set<string>>(new Set());
  const [accounts, setAccounts] = useState<Set<string>>(new Set(data.accounts.length === 1 ? [data.accounts[0]!.id] : []));
  const [firstSignIn, setFirstSignIn] = useState<(typeof FIRST_SIGN_IN)[number]>('link');
  const errors = useFieldErrors(['name', 'email', 'roleIds', 'accountIds']);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<NewUserResult | null>(null);
  const zone = useScreenZone();
  const flip = (set: Set<string>, id: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };

  async function add() {
    const parsed = newUserSchema.safeParse({ name, email, roleIds: [...roles], accountIds: [...accounts], firstSignIn });
    if (!parsed.success) return errors.invalid(parsed.error);
    setBusy(true);
    try {
      setAdded(await api.addUser(parsed.data));
      errors.clear();
      // The new person is counted in their roles and listed at once, while the hand-over shows.
      onAdded();
    } catch (err) {
      errors.refused(err, 'Adding failed.');
    } finally {
      setBusy(false);
    }
  }

  if (added) {
    // The web host serves the desk over http: the link opens its sign-in screen with the code filled in.
    const link = location.protocol.startsWith('http')
      ? `${location.origin}/?${new URLSearchParams({ email: added.user.email, signInCode: added.signInCode ?? '' }).toString()}`
      : null;
    return (
      <div className="admin-card" role="region" aria-label={`Added ${added.user.name}`}>
        <strong>Added {added.user.name}. Hand this over now: it is not shown again.</strong>
        {added.signInCode ? (
          <>
            {link && (
              <label>
                One-time sign-in link
                <input readOnly value={link} aria-label="One-time sign-in link" onFocus={(e) => e.currentTarget.select()} />
              </label>
            )}
            <label>
              Sign-in code
              <input readOnly value={added.signInCode} aria-label="Sign-in code" onFocus={(e) => e.currentTarget.select()} />
            </label>
            <p className="hint">
              Good once, until {formatDateTime(added.codeExpiresAt!, zone.timeZone)} {zone.label}. {added.user.name} signs in with their e-mail and this code, and chooses a password.
            </p>
          </>
        ) : (
          <label>
            Initial password
            <input readOnly value={added.initialPassword ?? ''} aria-label="Initial password" onFocus={(e) => e.currentTarget.select()} />
          </label>
        )}
        <div className="actions">
          <button className="primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    );
  }

  return (
    // Our checks, in our words and next to the field, rather than the browser's bubble.
    <form ref={errors.scope} className="admin-card" aria-label="Add user" noValidate onSubmit={(e) => { e.preventDefault(); void add(); }}>
      <Field label="Name" error={errors.of('name')}>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="E-mail" error={errors.of('email')}>
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <fieldset>
        <legend>Roles</legend>
        {data.roles.map((r) => (
          <label key={r.id} className="check">
            <input type="checkbox" checked={roles.has(r.id)} onChange={(e) => setRoles(flip(roles, r.id, e.target.checked))} /> {r.name}
          </label>
        ))}
        {errors.of('roleIds') && <p className="field-error" role="alert">{errors.of('roleIds')}</p>}
      </fieldset>
      <fieldset>
        <legend>Accounts</legend>
        {data.accounts.map((a) => (
          <label key={a.id} className="check">
            <input type="checkbox" checked={accounts.has(a.id)} onChange={(e) => setAccounts(flip(accounts, a.id, e.target.checked))} /> {a.name}
          </label>
        ))}
        {errors.of('accountIds') && <p className="field-error" role="alert">{errors.of('accountIds')}</p>}
      </fieldset>
      <fieldset>
        <legend>First sign-in</legend>
        {FIRST_SIGN_IN.map((f) => (
          <label key={f} className="check">
            <input type="radio" name="first-sign-in" checked={firstSignIn === f} onChange={() => setFirstSignIn(f)} /> {FIRST_SIGN_IN_LABELS[f]}
          </label>
        ))}
      </fieldset>
      {errors.problem && <p className="error" role="alert">{errors.problem}</p>}
      <div className="actions">
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add user'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
