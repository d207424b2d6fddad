import {
  createUnitRequestSchema,
  fieldErrors,
  t as sharedText,
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  type Unit,
  type UnitKind,
  updateUnitRequestSchema,
} from '@anxin/shared';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiFailure, failureText, fieldsByRoot, formFailure } from '../app/desk-api';
import { useDirtyForm } from '../app/dirty';
import { ReadState, TableHead } from '../app/kit';
import { useDeskApi } from '../app/server-reads';
import { Notice, SelectField, TextField } from '../components/Field';
import { useLang, useTranslation } from '../i18n';
import { unitAnswerSchema } from './answers';
import { KEYS, useInvalidate, useUnits } from './queries';

type Message = { kind: 'ok' | 'error'; text: string };

/**
 * Dispatch units (承办单位): streets, towns and state-owned companies. A unit is never deleted
 * (cases and people keep their history); it is deactivated, which the server refuses while
 * it still has open cases, and says how many.
 */
export function Units() {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useDeskApi();
  const invalidate = useInvalidate();
  const units = useUnits();
  const [message, setMessage] = useState<Message | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);

  const setActive = useMutation({
    mutationFn: (v: { unit: Unit; active: boolean }) =>
      api.call('PATCH', `/api/admin/units/${encodeURIComponent(v.unit.id)}`, unitAnswerSchema, {
        active: v.active,
      }),
    onSuccess: ({ unit }) => {
      setMessage({
        kind: 'ok',
        text: t(unit.active ? 'admin.units.enabledDone' : 'admin.units.disabledDone', {
          name: unit.name,
        }),
      });
      invalidate(KEYS.units);
    },
    // The 409 for open cases carries the count in its message ("该单位还有 N 件未办结案件…").
    onError: (err) => setMessage({ kind: 'error', text: failureText(err) }),
  });

  const setDigest = useMutation({
    mutationFn: (v: { unit: Unit; smsDigest: boolean }) =>
      api.call('PATCH', `/api/admin/units/${encodeURIComponent(v.unit.id)}`, unitAnswerSchema, {
        smsDigest: v.smsDigest,
      }),
    onSuccess: ({ unit }) => {
      setMessage({
        kind: 'ok',
        text: t(unit.smsDigest ? 'admin.units.digestOn' : 'admin.units.digestOff', {
          name: unit.name,
        }),
      });
      invalidate(KEYS.units);
    },
    onError: (err) => setMessage({ kind: 'error', text: failureText(err) }),
  });

  const list = units.data ?? [];
  return (
    <section aria-labelledby="units-title">
      <h2 id="units-title">{t('admin.units.title')}</h2>
      {message && (
        <Notice kind={message.kind} testId="units-message">
          {message.text}
        </Notice>
      )}
      <ReadState read={units} empty={list.length === 0} emptyText={t('admin.units.empty')} />
      {list.length > 0 && (
        <table className="office-table admin-table" data-testid="units-table">
          <TableHead
            caption={t('admin.units.title')}
            columns={[
              t('admin.units.name'),
              t('admin.units.kind'),
              t('admin.units.id'),
              t('admin.units.status'),
              t('admin.units.digest'),
              t('admin.units.actions'),
            ]}
          />
          <tbody>
            {list.map((u) => {
              const busy = setActive.isPending && setActive.variables?.unit.id === u.id;
              return (
                <tr
                  key={u.id}
                  data-testid="unit-row"
                  data-unit-id={u.id}
                  className={u.active ? undefined : 'admin-muted'}
                >
                  <td>
                    {renaming === u.id ? (
                      <RenameUnit
                        unit={u}
                        onDone={(renamed) => {
                          setRenaming(null);
                          if (renamed) {
                            setMessage({
                              kind: 'ok',
                              text: t('admin.units.renamed', { name: renamed.name }),
                            });
                          }
                        }}
                      />
                    ) : (
                      u.name
                    )}
                  </td>
                  <td>{UNIT_KIND_LABELS[u.kind][lang]}</td>
                  <td>
                    <code>{u.id}</code>
                  </td>
                  <td data-testid="unit-status">
                    {u.active ? t('admin.units.active') : t('admin.units.inactive')}
                  </td>
                  <td>
                    <label className="admin-check">
                      <input
                        type="checkbox"
                        data-testid="unit-digest"
                        checked={u.smsDigest === true}
                        disabled={
                          !u.active ||
                          (setDigest.isPending && setDigest.variables?.unit.id === u.id)
                        }
                        aria-label={t('admin.units.digestOf', { name: u.name })}
                        title={t('admin.units.digestOf', { name: u.name })}
                        onChange={(e) => {
                          setMessage(null);
                          setDigest.mutate({ unit: u, smsDigest: e.currentTarget.checked });
                        }}
                      />
                    </label>
                  </td>
                  <td className="admin-row-actions">
                    {renaming !== u.id && (
                      <button
                        type="button"
                        className="btn small"
                        aria-label={t('admin.units.renameOf', { name: u.name })}
                        onClick={() => setRenaming(u.id)}
                      >
                        {t('admin.units.rename')}
                      </button>
                    )}
                    <button
                      type="button"
                      className={u.active ? 'btn small danger' : 'btn small'}
                      disabled={busy}
                      aria-label={t(u.active ? 'admin.units.disableOf' : 'admin.units.enableOf', {
                        name: u.name,
                      })}
                      onClick={() => {
                        setMessage(null);
                        setActive.mutate({ unit: u, active: !u.active });
                      }}
                    >
                      {u.active ? t('admin.units.disable') : t('admin.units.enable')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <CreateUnit
        onCreated={(unit) =>
          setMessage({ kind: 'ok', text: t('admin.units.created', { name: unit.name }) })
        }
      />
    </section>
  );
}

function RenameUnit(props: { unit: Unit; onDone: (renamed: Unit | null) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useDeskApi();
  const invalidate = useInvalidate();
  const [name, setName] = useState(props.unit.name);
  const [error, setError] = useState<string | undefined>(undefined);
  const save = useMutation({
    mutationFn: (body: unknown) =>
      api.call(
        'PATCH',
        `/api/admin/units/${encodeURIComponent(props.unit.id)}`,
        unitAnswerSchema,
        body,
      ),
    onSuccess: ({ unit }) => {
      invalidate(KEYS.units);
      props.onDone(unit);
    },
    onError: (err) =>
      setError(err instanceof ApiFailure && err.fields.name ? err.fields.name : failureText(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === props.unit.name) {
      props.onDone(null);
      return;
    }
    const parsed = updateUnitRequestSchema.safeParse({ name });
    if (!parsed.success) {
      setError(fieldErrors(parsed.error, lang).name ?? sharedText('invalid', lang));
      return;
    }
    save.mutate(parsed.data);
  };
  return (
    <form onSubmit={submit} noValidate className="admin-inline-form">
      <TextField
        id={`rename-${props.unit.id}`}
        plain
        label={t('admin.units.newName', { name: props.unit.name })}
        value={name}
        onChange={(v) => {
          setName(v);
          setError(undefined);
        }}
        error={error}
        maxLength={40}
      />
      <div className="admin-actions">
        <button type="submit" className="btn small primary" disabled={save.isPending}>
          {t('admin.save')}
        </button>
        <button type="button" className="btn small" onClick={() => props.onDone(null)}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

function CreateUnit(props: { onCreated: (unit: Unit) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useDeskApi();
  const invalidate = useInvalidate();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitKind | ''>('');
  const [id, setId] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  useDirtyForm('admin-create-unit', name !== '' || id !== '');

  const create = useMutation({
    mutationFn: (body: unknown) => api.call('POST', '/api/admin/units', unitAnswerSchema, body),
    onSuccess: ({ unit }) => {
      setName('');
      setKind('');
      setId('');
      setErrors({});
      setFormError(null);
      invalidate(KEYS.units);
      props.onCreated(unit);
    },
    onError: (err) => {
      const out = formFailure(err, ['name', 'kind', 'id'], t('admin.fixErrors'));
      setErrors(out.fields);
      setFormError(out.message);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const draft = { name, kind, ...(id.trim() ? { id: id.trim() } : {}) };
    const parsed = createUnitRequestSchema.safeParse(draft);
    if (!parsed.success) {
      const found = fieldsByRoot(fieldErrors(parsed.error, lang));
      if (kind === '') found.kind = sharedText('required', lang);
      setErrors(found);
      setFormError(t('admin.fixErrors'));
      return;
    }
    setFormError(null);
    create.mutate(parsed.data);
  };

  return (
    <section className="admin-card" aria-labelledby="create-unit-title">
      <h3 id="create-unit-title">{t('admin.units.createTitle')}</h3>
      {formError && <Notice kind="error">{formError}</Notice>}
      <form
        onSubmit={submit}
        noValidate
        aria-labelledby="create-unit-title"
        data-testid="create-unit-form"
      >
        <div className="admin-form-grid">
          <TextField
            id="unit-name"
            label={t('admin.units.nameLabel')}
            value={name}
            onChange={(v) => {
              setName(v);
              setErrors(({ name: _gone, ...rest }) => rest);
            }}
            error={errors.name}
            maxLength={40}
            required
          />
          <SelectField<UnitKind>
            id="unit-kind"
            label={t('admin.units.kindLabel')}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setErrors(({ kind: _gone, ...rest }) => rest);
            }}
            placeholder={t('admin.units.kindPlaceholder')}
            options={UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k][lang] }))}
            error={errors.kind}
            required
          />
          <TextField
            id="unit-id"
            label={t('admin.units.idLabel')}
            value={id}
            onChange={(v) => {
              setId(v);
              setErrors(({ id: _gone, ...rest }) => rest);
            }}
            hint={t('admin.units.idHint')}
            error={errors.id}
            maxLength={32}
          />
        </div>
        <button type="submit" className="btn primary" disabled={create.isPending}>
          {t('admin.units.submit')}
        </button>
      </form>
    </section>
  );
}
