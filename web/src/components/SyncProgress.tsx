import { useLang, useTranslation } from '../i18n';
import { formatCount } from '../i18n/format';
import type { ProgressCounter } from '../sync/status';

type T = ReturnType<typeof useTranslation>['t'];

/**
 * "正在上传 3 / 12 张照片", "正在上传 2/8 条", "正在下载 1,200 / 2,000 条" (or, before the
 * server has estimated, "已收到 1,200 条"). Counts with thousands separators; `count` picks
 * the English singular.
 */
export function progressText(p: ProgressCounter, t: T, lang: 'zh' | 'en'): string {
  const done = formatCount(p.done, lang);
  switch (p.phase) {
    case 'upload-photos':
      return t('sync.state.uploadingPhotos', {
        done,
        total: formatCount(p.total, lang),
        count: p.total,
      });
    case 'upload':
      return t('sync.state.uploading', { done, total: formatCount(p.total, lang) });
    case 'download':
      if (p.total !== null && p.total > 0) {
        return t('sync.state.downloadingOf', {
          done,
          total: formatCount(p.total, lang),
          count: p.total,
        });
      }
      return p.done > 0
        ? t('sync.state.downloading', { count: p.done, received: done })
        : t('sync.state.downloadingNone');
  }
}

/**
 * The counter as text, with what it counts in data attributes (data-phase, data-done,
 * data-total; no data-total while the total is unknown), so a test can follow it move.
 */
export function SyncProgressText({
  counter,
  testId,
}: {
  counter: ProgressCounter;
  testId: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <span
      data-testid={testId}
      data-phase={counter.phase}
      data-done={counter.done}
      data-total={counter.total ?? undefined}
    >
      {progressText(counter, t, lang)}
    </span>
  );
}
