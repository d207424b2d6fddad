import {
  type AdminUser,
  createUserRequestSchema,
  fieldErrors,
  joinList,
  ROLES,
  type Role,
  t as sharedText,
  type Unit,
  updateUserRequestSchema,
  userUnitsProblem,
} from '@anxin/shared';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { failureText, fieldsByRoot, formFailure } from '../app/desk-api';
import { useDirtyForm } from '../app/dirty';
import { Checkbox, ConfirmDialog, ReadState, TableHead } from '../app/kit';
import { useDeskApi } from '../app/server-reads';
import { useSignedIn } from '../app/services';
import { Notice, SelectField, TextField } from '../components/Field';
import { useLang, useTranslation } from '../i18n';
import { townName } from '../i18n/towns';
import { oneTimePasswordAnswerSchema, userAnswerSchema } from './answers';
import { KEYS, useAdminUsers, useInvalidate, useUnits } from './queries';
import { isDeskRole, UnitPicker } from './UnitPicker';

type Message = { kind: 'ok' | 'error'; text: string };

const CREATE_FIELDS = ['username', 'displayName', 'role', 'unitIds', 'mobile'] as const;
const EDIT_FIELDS = ['displayName', 'role', 'unitIds', 'mobile'] as const;
type Confirm = { kind: 'disable' | 'reset'; user: AdminUser };
type Shown = { user: AdminUser; password: string };

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

function useRoleOptions(): Array<{ value: Role; label: string }> {
  const { t } = useTranslation();
  return ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
}

function unitNames(user: AdminUser, units: readonly Unit[], lang: 'zh' | 'en'): string {
  return joinList(
    user.unitIds.map((id) => units.find((u) => u.id === id)?.name ?? townName(id, lang)),
    lang,
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * People: find, create, edit, disable and re-enable accounts, and reset passwords. A new or
 * reset password is shown once, here, and never again (the server keeps only its hash).
 */
export function People() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useSignedIn().user;
  const api = useDeskApi();
  const invalidate = useInvalidate();
  const roleOptions = useRoleOptions();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [unitId, setUnitId] = useState('');
  const [showDisabled, setShowDisabled] = useState(false);
  const debouncedQ = useDebounced(q, 300);
  const users = useAdminUsers({ q: debouncedQ, role, unitId, showDisabled });
  const units = useUnits();
  const allUnits = units.data ?? [];
  const [message, setMessage] = useState<Message | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);

  const setDisabled = useMutation({
    mutationFn: (v: { user: AdminUser; disabled: boolean }) =>
      api.call('PATCH', `/api/admin/users/${encodeURIComponent(v.user.id)}`, userAnswerSchema, {
        disabled: v.disabled,
      }),
    onSuccess: ({ user }, v) => {
      setConfirm(null);
      setMessage({
        kind: 'ok',
        text: t(v.disabled ? 'admin.people.disabledDone' : 'admin.people.enabledDone', {
          name: user.displayName,
        }),
      });
      invalidate(KEYS.users);
    },
    onError: (err) => {
      setConfirm(null);
      setMessage({ kind: 'error', text: failureText(err) });
    },
  });

  const reset = useMutation({
    mutationFn: (user: AdminUser) =>
      api.call(
        'POST',
        `/api/admin/users/${encodeURIComponent(user.id)}/password-reset`,
        oneTimePasswordAnswerSchema,
        {},
      ),
    onSuccess: (answer) => {
      setConfirm(null);
      setMessage(null);
      setShown({ user: answer.user, password: answer.oneTimePassword });
      invalidate(KEYS.users);
    },
    onError: (err) => {
      setConfirm(null);
      setMessage({ kind: 'error', text: failureText(err) });
    },
  });

  const list = users.data ?? [];
  return (
    <section aria-labelledby="people-title">
      <h2 id="people-title">{t('admin.people.title')}</h2>
      {shown && (
        <OneTimePassword
          user={shown.user}
          password={shown.password}
          onDone={() => setShown(null)}
        />
      )}
      {message && (
        <Notice kind={message.kind} testId="people-message">
          {message.text}
        </Notice>
      )}
      <search className="row admin-filters" aria-label={t('admin.people.filters')}>
        <TextField
          id="people-q"
          plain
          type="search"
          label={t('admin.people.search')}
          value={q}
          onChange={setQ}
        />
        <SelectField<Role>
          id="people-role"
          plain
          label={t('admin.people.filterRole')}
          value={role}
          onChange={setRole}
          placeholder={t('admin.people.all')}
          options={roleOptions}
        />
        <SelectField<string>
          id="people-unit"
          plain
          label={t('admin.people.filterUnit')}
          value={unitId}
          onChange={setUnitId}
          placeholder={t('admin.people.all')}
          options={allUnits.map((u) => ({
            value: u.id,
            label: u.active ? u.name : t('admin.people.inactiveUnit', { name: u.name }),
          }))}
        />
        <div className="field admin-toggle">
          <Checkbox
            id="people-show-disabled"
            label={t('admin.people.showDisabled')}
            checked={showDisabled}
            onChange={setShowDisabled}
          />
        </div>
        <a className="btn small" href="#create-user-title">
          {t('admin.people.jumpToCreate')}
        </a>
      </search>
      <ReadState read={users} empty={list.length === 0} emptyText={t('admin.people.empty')} />
      {users.data && (
        <p className="hint" aria-live="polite">
          {t('admin.people.count', { count: list.length })}
        </p>
      )}
      {list.length > 0 && (
        <table className="office-table admin-table" data-testid="people-table">
          <TableHead
            caption={t('admin.people.title')}
            columns={[
              t('admin.people.username'),
              t('admin.people.displayName'),
              t('admin.people.role'),
              t('admin.people.units'),
              t('admin.people.mobile'),
              t('admin.people.status'),
              t('admin.people.actions'),
            ]}
          />
          <tbody>
            {list.map((u) => {
              const self = u.id === me.id;
              const busy =
                (setDisabled.isPending && setDisabled.variables?.user.id === u.id) ||
                (reset.isPending && reset.variables?.id === u.id);
              return [
                <tr
                  key={u.id}
                  data-testid="user-row"
                  data-username={u.username}
                  className={u.disabled ? 'admin-muted' : undefined}
                >
                  <td>
                    <code>{u.username}</code>
                  </td>
                  <td>
                    {u.displayName}
                    {self && <span className="hint"> {t('admin.people.self')}</span>}
                  </td>
                  <td>{t(`roles.${u.role}`)}</td>
                  <td>
                    {isDeskRole(u.role) ? t('admin.people.allUnits') : unitNames(u, allUnits, lang)}
                  </td>
                  <td>{u.mobile ?? '—'}</td>
                  <td data-testid="user-status">
                    {u.disabled ? t('admin.people.disabled') : t('admin.people.active')}
                    {u.mustChangePassword && (
                      <div className="hint">{t('admin.people.mustChange')}</div>
                    )}
                  </td>
                  <td className="admin-row-actions">
                    <button
                      type="button"
                      className="btn small"
                      aria-expanded={editing === u.id}
                      aria-label={t('admin.people.editOf', { name: u.displayName })}
                      onClick={() => setEditing(editing === u.id ? null : u.id)}
                    >
                      {t('admin.people.edit')}
                    </button>
                    {u.disabled ? (
                      <button
                        type="button"
                        className="btn small"
                        disabled={busy}
                        aria-label={t('admin.people.enableOf', { name: u.displayName })}
                        onClick={() => setDisabled.mutate({ user: u, disabled: false })}
                      >
                        {t('admin.people.enable')}
                      </button>
                    ) : (
                      !self && (
                        <button
                          type="button"
                          className="btn small danger"
                          disabled={busy}
                          aria-label={t('admin.people.disableOf', { name: u.displayName })}
                          onClick={() => setConfirm({ kind: 'disable', user: u })}
                        >
                          {t('admin.people.disable')}
                        </button>
                      )
                    )}
                    <button
                      type="button"
                      className="btn small"
                      disabled={busy}
                      aria-label={t('admin.people.resetOf', { name: u.displayName })}
                      onClick={() => setConfirm({ kind: 'reset', user: u })}
                    >
                      {t('admin.people.resetPassword')}
                    </button>
                  </td>
                </tr>,
                editing === u.id && (
                  <tr key={`${u.id}-edit`} className="admin-edit-row">
                    <td colSpan={7}>
                      <EditUser
                        user={u}
                        units={allUnits}
                        onDone={(saved) => {
                          setEditing(null);
                          if (saved) {
                            setMessage({
                              kind: 'ok',
                              text: t('admin.people.saved', { name: saved.displayName }),
                            });
                          }
                        }}
                      />
                    </td>
                  </tr>
                ),
              ];
            })}
          </tbody>
        </table>
      )}

      <CreateUser
        units={allUnits}
        onCreated={(answer) => {
          setMessage({
            kind: 'ok',
            text: t('admin.people.created', { name: answer.user.displayName }),
          });
          setShown({ user: answer.user, password: answer.oneTimePassword });
        }}
      />

      {confirm?.kind === 'disable' && (
        <ConfirmDialog
          testId="confirm-disable"
          title={t('admin.people.confirmDisableTitle', { name: confirm.user.displayName })}
          message={t('admin.people.confirmDisable')}
          confirmLabel={t('admin.people.confirmDisableButton')}
          danger
          busy={setDisabled.isPending}
          onCancel={() => setConfirm(null)}
          onConfirm={() => setDisabled.mutate({ user: confirm.user, disabled: true })}
        />
      )}
      {confirm?.kind === 'reset' && (
        <ConfirmDialog
          testId="confirm-reset"
          title={t('admin.people.confirmResetTitle', { name: confirm.user.displayName })}
          message={t('admin.people.confirmReset')}
          confirmLabel={t('admin.people.confirmResetButton')}
          danger
          busy={reset.isPending}
          onCancel={() => setConfirm(null)}
          onConfirm={() => reset.mutate(confirm.user)}
        />
      )}
    </section>
  );
}

/**
 * The password an administrator must pass on, shown once. Focus moves here so a screen
 * reader reads it out and a sighted administrator sees it even after scrolling to a form.
 */
function OneTimePassword(props: { user: AdminUser; password: string; onDone: () => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<'idle' | 'done' | 'failed'>('idle');
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new password is a new box to read.
  useEffect(() => {
    box.current?.focus();
    setCopy('idle');
  }, [props.password]);
  const copyIt = async () => {
    try {
      await navigator.clipboard.writeText(props.password);
      setCopy('done');
    } catch {
      // Clipboard needs a secure context and permission; the password is on screen anyway.
      setCopy('failed');
    }
  };
  return (
    <section
      ref={box}
      tabIndex={-1}
      className="admin-otp"
      aria-labelledby="otp-title"
      data-testid="one-time-password-box"
    >
      <h3 id="otp-title">{t('admin.people.otpTitle')}</h3>
      <p>
        {t('admin.people.otpFor', {
          name: props.user.displayName,
          username: props.user.username,
        })}
      </p>
      <p className="admin-otp-line">
        <code data-testid="one-time-password" className="admin-otp-value">
          {props.password}
        </code>
        <button type="button" className="btn small" onClick={() => void copyIt()}>
          {t('admin.people.copy')}
        </button>
        <span role="status">
          {copy === 'done'
            ? t('admin.people.copied')
            : copy === 'failed'
              ? t('admin.people.copyFailed')
              : ''}
        </span>
      </p>
      <p>{t('admin.people.otpNote')}</p>
      <button type="button" className="btn small primary" onClick={props.onDone}>
        {t('admin.people.otpDone')}
      </button>
    </section>
  );
}

function CreateUser(props: {
  units: readonly Unit[];
  onCreated: (answer: { user: AdminUser; oneTimePassword: string }) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useDeskApi();
  const invalidate = useInvalidate();
  const roleOptions = useRoleOptions();
  const empty = {
    username: '',
    displayName: '',
    role: '' as Role | '',
    unitIds: [] as string[],
    mobile: '',
  };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const dirty = form.username !== '' || form.displayName !== '' || form.mobile !== '';
  useDirtyForm('admin-create-user', dirty);

  const create = useMutation({
    mutationFn: (body: unknown) =>
      api.call('POST', '/api/admin/users', oneTimePasswordAnswerSchema, body),
    onSuccess: (answer) => {
      setForm(empty);
      setErrors({});
      setFormError(null);
      invalidate(KEYS.users);
      props.onCreated(answer);
    },
    onError: (err) => {
      const out = formFailure(err, CREATE_FIELDS, t('admin.fixErrors'));
      setErrors(out.fields);
      setFormError(out.message);
    },
  });

  const set = <K extends keyof typeof empty>(key: K, value: (typeof empty)[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _gone, ...rest }) => rest);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const draft = {
      username: form.username,
      displayName: form.displayName,
      role: form.role,
      unitIds: isDeskRole(form.role) ? [] : form.unitIds,
      ...(form.mobile.trim() ? { mobile: form.mobile.trim() } : {}),
    };
    const parsed = createUserRequestSchema.safeParse(draft);
    if (!parsed.success) {
      const found = fieldsByRoot(fieldErrors(parsed.error, lang));
      // An empty box is "required", not a breach of the username pattern.
      if (form.username.trim() === '') found.username = sharedText('required', lang);
      if (form.role === '') found.role = sharedText('required', lang);
      setErrors(found);
      setFormError(t('admin.fixErrors'));
      return;
    }
    setFormError(null);
    create.mutate(parsed.data);
  };

  return (
    <section className="admin-card" aria-labelledby="create-user-title">
      <h3 id="create-user-title" tabIndex={-1}>
        {t('admin.people.createTitle')}
      </h3>
      {formError && <Notice kind="error">{formError}</Notice>}
      <form
        onSubmit={submit}
        noValidate
        aria-labelledby="create-user-title"
        data-testid="create-user-form"
      >
        <div className="admin-form-grid">
          <TextField
            id="new-username"
            label={t('admin.people.username')}
            value={form.username}
            onChange={(v) => set('username', v)}
            hint={t('admin.people.usernameHint')}
            error={errors.username}
            maxLength={40}
            required
          />
          <TextField
            id="new-displayName"
            label={t('admin.people.displayName')}
            value={form.displayName}
            onChange={(v) => set('displayName', v)}
            error={errors.displayName}
            maxLength={40}
            required
          />
          <SelectField<Role>
            id="new-role"
            label={t('admin.people.role')}
            value={form.role}
            onChange={(v) => {
              set('role', v);
              if (isDeskRole(v)) set('unitIds', []);
            }}
            placeholder={t('admin.people.rolePlaceholder')}
            options={roleOptions}
            error={errors.role}
            required
          />
          <TextField
            id="new-mobile"
            type="tel"
            inputMode="numeric"
            label={t('admin.people.mobile')}
            value={form.mobile}
            onChange={(v) => set('mobile', v)}
            error={errors.mobile}
            autoComplete="off"
            maxLength={20}
          />
        </div>
        <UnitPicker
          idPrefix="new"
          role={form.role}
          units={props.units}
          selected={form.unitIds}
          onChange={(ids) => set('unitIds', ids)}
          error={errors.unitIds}
        />
        <button type="submit" className="btn primary" disabled={create.isPending}>
          {create.isPending ? t('admin.people.creating') : t('admin.people.createSubmit')}
        </button>
      </form>
    </section>
  );
}

function EditUser(props: {
  user: AdminUser;
  units: readonly Unit[];
  onDone: (saved: AdminUser | null) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useDeskApi();
  const invalidate = useInvalidate();
  const roleOptions = useRoleOptions();
  const u = props.user;
  const [displayName, setDisplayName] = useState(u.displayName);
  const [role, setRole] = useState<Role>(u.role);
  const [unitIds, setUnitIds] = useState<string[]>(u.unitIds);
  const [mobile, setMobile] = useState(u.mobile ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const prefix = `edit-${u.id}`;

  const save = useMutation({
    mutationFn: (patch: unknown) =>
      api.call('PATCH', `/api/admin/users/${encodeURIComponent(u.id)}`, userAnswerSchema, patch),
    onSuccess: ({ user }) => {
      invalidate(KEYS.users);
      props.onDone(user);
    },
    onError: (err) => {
      const out = formFailure(err, EDIT_FIELDS, t('admin.fixErrors'));
      setErrors(out.fields);
      setFormError(out.message);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const nextUnits = isDeskRole(role) ? [] : unitIds;
    const m = mobile.trim() === '' ? null : mobile.trim();
    const patch: { displayName?: string; role?: Role; unitIds?: string[]; mobile?: string | null } =
      {};
    if (displayName.trim() !== u.displayName) patch.displayName = displayName;
    if (role !== u.role) patch.role = role;
    if (!sameSet(nextUnits, u.unitIds)) patch.unitIds = nextUnits;
    if (m !== u.mobile) patch.mobile = m;
    if (Object.keys(patch).length === 0) {
      props.onDone(null);
      return;
    }
    const found: Record<string, string> = {};
    const parsed = updateUserRequestSchema.safeParse(patch);
    if (!parsed.success) Object.assign(found, fieldsByRoot(fieldErrors(parsed.error, lang)));
    // The server judges the user as it will be after the change; so does the form.
    const unitsProblem = userUnitsProblem(role, nextUnits);
    if (unitsProblem) found.unitIds ??= sharedText(unitsProblem, lang);
    if (!parsed.success || Object.keys(found).length > 0) {
      setErrors(found);
      setFormError(t('admin.fixErrors'));
      return;
    }
    setFormError(null);
    save.mutate(parsed.data);
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="admin-edit"
      aria-label={t('admin.people.editTitle', { name: u.displayName })}
      data-testid="edit-user-form"
    >
      <h3 className="visually-hidden">{t('admin.people.editTitle', { name: u.displayName })}</h3>
      {formError && <Notice kind="error">{formError}</Notice>}
      <div className="admin-form-grid">
        <TextField
          id={`${prefix}-displayName`}
          label={t('admin.people.displayName')}
          value={displayName}
          onChange={setDisplayName}
          error={errors.displayName}
          maxLength={40}
          required
        />
        <SelectField<Role>
          id={`${prefix}-role`}
          label={t('admin.people.role')}
          value={role}
          onChange={setRole}
          options={roleOptions}
          error={errors.role}
          required
        />
        <TextField
          id={`${prefix}-mobile`}
          type="tel"
          inputMode="numeric"
          label={t('admin.people.mobile')}
          value={mobile}
          onChange={setMobile}
          error={errors.mobile}
          maxLength={20}
        />
      </div>
      <UnitPicker
        idPrefix={prefix}
        role={role}
        units={props.units}
        selected={unitIds}
        onChange={setUnitIds}
        error={errors.unitIds}
      />
      <div className="admin-actions">
        <button type="submit" className="btn primary small" disabled={save.isPending}>
          {t('admin.save')}
        </button>
        <button type="button" className="btn small" onClick={() => props.onDone(null)}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}
