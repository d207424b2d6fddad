import { useEffect, useRef } from 'react';
import SignaturePad from 'signature_pad';
import { useTranslation } from '../i18n';

/**
 * A signature drawn with a finger (or mouse). Each finished stroke reports the whole
 * signature as a PNG data URL, so the form's draft holds it and a closed tab keeps it.
 * The canvas is sized to its CSS box × devicePixelRatio, or strokes come out blurred and
 * offset on high-density phone screens.
 */
export function SignatureField(props: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (dataUrl: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const onChangeRef = useRef(props.onChange);
  onChangeRef.current = props.onChange;
  const initial = useRef(props.value);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pad = new SignaturePad(canvas, {
      penColor: '#000',
      // A white background keeps the PNG readable when printed or shown on dark viewers.
      backgroundColor: 'rgb(255,255,255)',
      minWidth: 1,
      maxWidth: 3,
    });
    padRef.current = pad;
    const fitCanvas = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const data = pad.isEmpty() ? null : pad.toDataURL('image/png');
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext('2d')?.scale(ratio, ratio);
      pad.clear();
      const restore = data ?? initial.current;
      if (restore) {
        void pad.fromDataURL(restore, { width: canvas.offsetWidth, height: canvas.offsetHeight });
      }
    };
    fitCanvas();
    const onEnd = () => onChangeRef.current(pad.isEmpty() ? undefined : pad.toDataURL('image/png'));
    pad.addEventListener('endStroke', onEnd);
    window.addEventListener('resize', fitCanvas);
    return () => {
      window.removeEventListener('resize', fitCanvas);
      pad.removeEventListener('endStroke', onEnd);
      pad.off();
      padRef.current = null;
    };
  }, []);

  const clear = () => {
    padRef.current?.clear();
    initial.current = undefined;
    props.onChange(undefined);
  };

  return (
    <div className="sig-pad" data-testid={`sig-${props.id}`}>
      <div className="sig-head">
        <span id={`${props.id}-label`}>
          {props.label}
          {props.value ? ` ✓ ${t('mediation.signed')}` : ''}
        </span>
        <button type="button" className="btn small" onClick={clear}>
          {t('mediation.clear')}
        </button>
      </div>
      <canvas
        ref={canvasRef}
        role="img"
        aria-labelledby={`${props.id}-label`}
        aria-describedby={`${props.id}-hint`}
        data-signed={props.value ? 'true' : 'false'}
      />
      <span className="hint" id={`${props.id}-hint`}>
        {t('mediation.signHere')}
      </span>
    </div>
  );
}
