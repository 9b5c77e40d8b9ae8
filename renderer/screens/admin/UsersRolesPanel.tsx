import { useState } from 'react';
import {
  ApiError,
  expandPermissions,
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

const SECTION_LABELS = { general: 'Follow Ups and reports', admin: 'Admin', servicetitan: 'ServiceTitan' } as const;

/** Roles from the permission catalog, and each user's roles and accounts. */
export function UsersRolesPanel() {
  const [editing, setEditing] = useState<RoleView | 'new' | null>(null);
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
                {r.permissions.length} permission(s) · {r.users} user(s)
              </span>
            </li>
          ))}
        </ul>
        {editing && <RoleEditor key={editing === 'new' ? 'new' : editing.id} role={editing === 'new' ? null : editing} onDone={() => { setEditing(null); void reload(); }} />}
      </section>
      <section aria-label="Users">
        <h3>Users</h3>
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
  const [problem, setProblem] = useState<string | null>(null);
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
      setProblem(err instanceof ApiError ? err.message : 'Saving failed.');
    }
  }

  async function remove() {
    if (!role) return;
    try {
      await api.deleteRole({ roleId: role.id });
      onDone();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : 'Deleting failed.');
    }
  }

  return (
    <form className="admin-card" aria-label={role ? `Edit role ${role.name}` : 'New role'} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label>
        Role name
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
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
      {problem && <p className="error" role="alert">{problem}</p>}
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
  async function save() {
    try {
      await api.saveUserAccess({ userId: user.id, roleIds: [...roles], accountIds: [...accounts] });
      toast({ id: crypto.randomUUID(), kind: 'info', title: `Saved ${user.name}'s access. It applies on their desk now.` });
      onSaved();
    } catch (err) {
      toast({ id: crypto.randomUUID(), kind: 'error', title: err instanceof ApiError ? err.message : 'Saving failed.' });
    }
  }
  return (
    <tr aria-label={`Access of ${user.name}`}>
      <td>
        {user.name}
        <div className="hint">{user.email}</div>
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
        <button onClick={() => void save()}>Save</button>
      </td>
    </tr>
  );
}
