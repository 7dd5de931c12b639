/** Users (add, role, groups, disable, reset 2FA) and groups (create, delete). */
import { useState, type FormEvent } from 'react';
import { adminApi } from '../api/endpoints.ts';
import type { Group, Role, User } from '../api/types.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDate } from '../pages/format.ts';

const ROLES: Role[] = ['user', 'admin', 'dpo'];
const splitList = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function UsersSection({ readOnly }: { readOnly: boolean }) {
  const { t, language } = useI18n();
  const users = useAsync(() => adminApi.users(), []);
  const groups = useAsync(() => adminApi.groups(), []);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const [editing, setEditing] = useState<User>();

  async function act(action: () => Promise<unknown>, success?: string) {
    setError(undefined);
    setMessage(undefined);
    try {
      await action();
      users.reload();
      groups.reload();
      setMessage(success ?? t('common.saved'));
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t('admin.users')}</h2>
      {readOnly && <p className="notice notice-info">{t('admin.readOnly')}</p>}
      <ErrorNotice error={error} />
      <SuccessNotice message={message} />
      {!readOnly && <AddUserForm onAdd={(body) => act(() => adminApi.createUser(body))} />}
      <h3>{t('users.list')}</h3>
      <ErrorNotice error={users.error} onRetry={users.reload} />
      {users.data && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('common.email')}</th>
                <th scope="col">{t('common.role')}</th>
                <th scope="col">{t('common.groups')}</th>
                <th scope="col">{t('users.mfa')}</th>
                <th scope="col">{t('users.source')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('common.createdAt')}</th>
                {!readOnly && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((user) => (
                <tr key={user.id}>
                  <td>
                    {user.email}
                    {user.displayName && <div className="meta">{user.displayName}</div>}
                  </td>
                  <td>{t(`role.${user.role}`)}</td>
                  <td>{user.groups.join(', ') || t('common.none')}</td>
                  <td>{user.mfaEnabled ? t('common.yes') : t('common.no')}</td>
                  <td>{user.authSource === 'oidc' ? 'SSO' : 'local'}</td>
                  <td>{user.disabledAt ? t('users.disabled') : t('users.active')}</td>
                  <td>{formatDate(user.createdAt, language)}</td>
                  {!readOnly && (
                    <td>
                      <div className="row-actions">
                        <button type="button" className="button-quiet button-small" onClick={() => setEditing(user)} aria-label={t('users.edit', { email: user.email })}>
                          {t('common.edit')}
                        </button>
                        <button
                          type="button"
                          className="button-quiet button-small"
                          onClick={() => void act(() => adminApi.updateUser(user.id, { disabled: !user.disabledAt }))}
                        >
                          {user.disabledAt ? t('users.enable') : t('users.disable')}
                        </button>
                        {user.mfaEnabled && (
                          <button type="button" className="button-quiet button-small" onClick={() => void act(() => adminApi.resetMfa(user.id))}>
                            {t('users.resetMfa')}
                          </button>
                        )}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <EditUserForm
          user={editing}
          onCancel={() => setEditing(undefined)}
          onSave={async (body) => {
            await act(() => adminApi.updateUser(editing.id, body));
            setEditing(undefined);
          }}
        />
      )}
      <GroupsPanel groups={groups.data?.items} loadError={groups.error} onRetry={groups.reload} readOnly={readOnly} act={act} />
    </section>
  );
}

function AddUserForm({ onAdd }: { onAdd(body: { email: string; displayName?: string; role: Role; groups: string[]; password?: string }): Promise<void> }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [groupsText, setGroupsText] = useState('');
  const [password, setPassword] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await onAdd({ email: email.trim(), displayName: displayName.trim() || undefined, role, groups: splitList(groupsText), password: password || undefined });
    setEmail('');
    setDisplayName('');
    setPassword('');
    setGroupsText('');
  };
  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby="add-user-title">
      <h3 id="add-user-title" className="visually-hidden">
        {t('users.add')}
      </h3>
      <div className="field">
        <label htmlFor="new-user-email">{t('common.email')}</label>
        <input id="new-user-email" type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-user-name">{t('common.displayName')}</label>
        <input id="new-user-name" autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-user-role">{t('common.role')}</label>
        <select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {t(`role.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="new-user-groups">{t('common.groups')}</label>
        <input id="new-user-groups" placeholder={t('users.groupsHint')} value={groupsText} onChange={(e) => setGroupsText(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-user-password">{t('users.initialPassword')}</label>
        <input id="new-user-password" type="password" autoComplete="new-password" minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <button type="submit" className="button-primary" disabled={email.trim() === ''}>
        {t('users.add')}
      </button>
    </form>
  );
}

function EditUserForm({ user, onSave, onCancel }: { user: User; onSave(body: { displayName?: string; role: Role; groups: string[] }): Promise<void>; onCancel(): void }) {
  const { t } = useI18n();
  const [displayName, setDisplayName] = useState(user.displayName ?? '');
  const [role, setRole] = useState<Role>(user.role);
  const [groupsText, setGroupsText] = useState(user.groups.join(', '));
  return (
    <form
      className="card inline-form"
      aria-label={t('users.edit', { email: user.email })}
      onSubmit={(event) => {
        event.preventDefault();
        void onSave({ displayName: displayName.trim() || undefined, role, groups: splitList(groupsText) });
      }}
    >
      <div className="field">
        <label htmlFor="edit-user-name">{t('common.displayName')}</label>
        <input id="edit-user-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="edit-user-role">{t('common.role')}</label>
        <select id="edit-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {t(`role.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="edit-user-groups">{t('common.groups')}</label>
        <input id="edit-user-groups" value={groupsText} onChange={(e) => setGroupsText(e.target.value)} />
      </div>
      <button type="submit" className="button-primary">
        {t('common.save')}
      </button>
      <button type="button" className="button-secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

function GroupsPanel({
  groups,
  loadError,
  onRetry,
  readOnly,
  act,
}: {
  groups?: Group[];
  loadError: unknown;
  onRetry(): void;
  readOnly: boolean;
  act(action: () => Promise<unknown>): Promise<void>;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<Group>();
  return (
    <>
      <h3>{t('groups.title')}</h3>
      <ErrorNotice error={loadError} onRetry={onRetry} />
      {!readOnly && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void act(() => adminApi.createGroup(name.trim())).then(() => setName(''));
          }}
        >
          <div className="field">
            <label htmlFor="new-group-name">{t('groups.name')}</label>
            <input id="new-group-name" required value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <button type="submit" className="button-secondary" disabled={name.trim() === ''}>
            {t('groups.add')}
          </button>
        </form>
      )}
      {groups && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('groups.name')}</th>
                <th scope="col">{t('groups.members')}</th>
                <th scope="col">{t('groups.models')}</th>
                {!readOnly && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => (
                <tr key={group.id}>
                  <td>{group.name}</td>
                  <td>{group.memberCount}</td>
                  <td>{group.models === null ? t('groups.modelsDefault') : group.models.join(', ') || t('common.none')}</td>
                  {!readOnly && (
                    <td>
                      <button type="button" className="button-quiet button-small" onClick={() => setDeleting(group)} aria-label={`${t('common.delete')} ${group.name}`}>
                        {t('common.delete')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        message={t('groups.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => {
          const group = deleting;
          setDeleting(undefined);
          if (group) void act(() => adminApi.deleteGroup(group.id));
        }}
      />
    </>
  );
}
