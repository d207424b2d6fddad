import { useEffect, useState } from 'react';
import { useAttachment } from '../app/useAttachment';
import { useTranslation } from '../i18n';

/** Shows a Blob held in IndexedDB; the object URL lives exactly as long as the element. */
export function BlobImage(props: { blob: Blob; alt: string; className?: string; testId?: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(props.blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [props.blob]);
  if (!url) return null;
  return <img src={url} alt={props.alt} className={props.className} data-testid={props.testId} />;
}

/**
 * An attachment by content hash, wherever its bytes are. While they are on their way the
 * tile says so; "on the server, shown when online" only when this device is offline.
 */
export function AttachmentImage(props: { sha256: string; alt: string; testId?: string }) {
  const { t } = useTranslation();
  const state = useAttachment(props.sha256);
  if (state.kind === 'ready') {
    return (
      <BlobImage
        blob={state.blob}
        alt={props.alt}
        {...(props.testId ? { testId: props.testId } : {})}
      />
    );
  }
  const text =
    state.kind === 'offline'
      ? t('caseDetail.photoNotHere')
      : state.kind === 'missing'
        ? t('caseDetail.photoMissing')
        : t('caseDetail.photoLoading');
  return (
    <span className="photo-missing" data-state={state.kind} role="img" aria-label={props.alt}>
      {text}
    </span>
  );
}
