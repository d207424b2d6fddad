import { useEffect, useState } from 'react';

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
