import { useState } from 'react';
import { useTranslation } from '../i18n';
import { FullScreenSignaturePad } from './FullScreenSignaturePad';

/**
 * One signer's place on the form: what is signed so far (a preview) and a button that opens
 * the full-screen pad. The signature is a PNG data URL, so the form's draft holds it and a
 * closed tab keeps it. `kept` marks a signature given earlier on a draft agreement, stored
 * already; signing again replaces it.
 */
export function SignatureField(props: {
  id: string;
  label: string;
  value: string | undefined;
  kept?: boolean;
  onChange: (dataUrl: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const signed = props.value !== undefined || props.kept === true;
  return (
    <div
      className="sig-pad"
      data-testid={`sig-${props.id}`}
      data-signed={signed ? 'true' : 'false'}
    >
      <div className="sig-head">
        <span id={`${props.id}-label`}>
          {props.label}
          {signed ? ` ✓ ${t('mediation.signed')}` : ` ${t('signing.notYet')}`}
        </span>
        {props.value !== undefined && (
          <button type="button" className="btn small" onClick={() => props.onChange(undefined)}>
            {t('signing.remove')}
          </button>
        )}
      </div>
      {props.value !== undefined ? (
        <img
          src={props.value}
          alt={`${props.label} ${t('mediation.signed')}`}
          style={{ display: 'block', width: '100%', maxHeight: 120, objectFit: 'contain' }}
        />
      ) : props.kept ? (
        <p className="hint">{t('signing.keptSignature')}</p>
      ) : null}
      <button
        type="button"
        className={signed ? 'btn block' : 'btn primary block'}
        aria-describedby={`${props.id}-label`}
        onClick={() => setOpen(true)}
        data-testid={`sign-open-${props.id}`}
      >
        {signed ? t('signing.signAgain') : t('signing.sign')}
      </button>
      {open && (
        <FullScreenSignaturePad
          title={props.label}
          onCancel={() => setOpen(false)}
          onDone={(url) => {
            setOpen(false);
            props.onChange(url);
          }}
        />
      )}
    </div>
  );
}
