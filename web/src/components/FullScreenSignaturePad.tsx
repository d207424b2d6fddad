import { useEffect, useRef, useState } from 'react';
import SignaturePad from 'signature_pad';
import { useTranslation } from '../i18n';

/**
 * Signing on the whole screen: a pad inside the form lay half under the fixed action bar,
 * and the stroke that began there was lost. A modal dialog sits above every bar; on a
 * touch phone it asks for landscape, where a name has room. The canvas is sized to its box ×
 * devicePixelRatio, or strokes come out blurred and offset on high-density screens, and
 * resized (a turned phone) without losing what is drawn.
 */
export function FullScreenSignaturePad(props: {
  title: string;
  onDone: (dataUrl: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const [empty, setEmpty] = useState(true);

  useEffect(() => {
    const dialog = dialogRef.current;
    const canvas = canvasRef.current;
    if (!dialog || !canvas) return;
    if (!dialog.open) dialog.showModal();
    const pad = new SignaturePad(canvas, {
      penColor: '#000',
      // A white background keeps the PNG readable when printed or shown on dark viewers.
      backgroundColor: 'rgb(255,255,255)',
      minWidth: 1.5,
      maxWidth: 4,
    });
    padRef.current = pad;
    const fitCanvas = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const data = pad.isEmpty() ? null : pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext('2d')?.scale(ratio, ratio);
      pad.clear();
      if (data) pad.fromData(data);
    };
    fitCanvas();
    const onEnd = () => setEmpty(pad.isEmpty());
    pad.addEventListener('endStroke', onEnd);
    window.addEventListener('resize', fitCanvas);
    const unlock = askForLandscape();
    return () => {
      window.removeEventListener('resize', fitCanvas);
      pad.removeEventListener('endStroke', onEnd);
      pad.off();
      padRef.current = null;
      unlock();
      dialog.close();
    };
  }, []);

  const done = () => {
    const pad = padRef.current;
    if (pad && !pad.isEmpty()) props.onDone(pad.toDataURL('image/png'));
  };

  return (
    <dialog
      ref={dialogRef}
      aria-label={props.title}
      data-testid="signature-pad-full"
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
      style={{
        position: 'fixed',
        inset: 0,
        width: '100vw',
        height: '100dvh',
        maxWidth: 'none',
        maxHeight: 'none',
        margin: 0,
        padding: 8,
        border: 0,
        background: '#fff',
        boxSizing: 'border-box',
      }}
    >
      <div style={{ display: 'flex', flexDirection: 'column', height: '100%', gap: 8 }}>
        <h2 style={{ margin: 0, fontSize: '1.1rem' }}>{props.title}</h2>
        <p className="hint" style={{ margin: 0 }}>
          {t('signing.padHint')}
        </p>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={props.title}
          style={{
            flex: 1,
            minHeight: 0,
            width: '100%',
            border: '2px dashed #555',
            borderRadius: 8,
            background: '#fff',
            touchAction: 'none',
          }}
        />
        <div className="row" style={{ display: 'flex', gap: 8 }}>
          <button type="button" className="btn" style={{ flex: 1 }} onClick={props.onCancel}>
            {t('signing.cancel')}
          </button>
          <button
            type="button"
            className="btn"
            style={{ flex: 1 }}
            onClick={() => {
              padRef.current?.clear();
              setEmpty(true);
            }}
          >
            {t('mediation.clear')}
          </button>
          <button
            type="button"
            className="btn primary"
            style={{ flex: 1 }}
            disabled={empty}
            onClick={done}
            data-testid="signature-done"
          >
            {t('signing.done')}
          </button>
        </div>
      </div>
    </dialog>
  );
}

/**
 * Landscape where the phone allows it: the lock works only in full screen, and only on a
 * touch device is turning the screen what the person wants. Returns how to undo it.
 */
function askForLandscape(): () => void {
  if (!window.matchMedia?.('(pointer: coarse)').matches) return () => {};
  const orientation = screen.orientation as ScreenOrientation & {
    lock?: (o: 'landscape') => Promise<void>;
  };
  let entered = false;
  void (async () => {
    try {
      await document.documentElement.requestFullscreen?.();
      entered = true;
      await orientation.lock?.('landscape');
    } catch {
      // Not allowed here (an installed app on iOS, a desktop): the pad is full-window anyway.
    }
  })();
  return () => {
    try {
      orientation.unlock?.();
    } catch {
      // Nothing was locked.
    }
    if (entered && document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  };
}
