/** @jsxImportSource preact */
import type { Lang } from '@anxin/shared/i18n/messages';
import { maskMobile } from '@anxin/shared/validation/mobile';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ComplaintForm } from './ComplaintForm';
import { Lookup } from './Lookup';
import { text } from './texts';

const LANG_KEY = 'anxin-k-lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    // Some in-app browsers refuse storage in private mode: Chinese, as the page starts.
    return 'zh';
  }
}

type View =
  | { name: 'complain' }
  | { name: 'receipt'; caseNo: string; mobile: string }
  | { name: 'lookup'; caseNo: string; mobile: string };

/**
 * What the link opened: `/k?unit=<id>` (a unit's poster) starts the complaint with that
 * unit chosen; `/k?lookup=<caseNo>` (the link in the receipt SMS) starts the lookup.
 */
export function initialView(search: string): { view: View; unit: string } {
  const q = new URLSearchParams(search);
  const caseNo = q.get('lookup') ?? '';
  return {
    view: caseNo ? { name: 'lookup', caseNo, mobile: '' } : { name: 'complain' },
    unit: q.get('unit') ?? '',
  };
}

export function App() {
  const [lang, setLang] = useState<Lang>(storedLang);
  const [start] = useState(() => initialView(location.search));
  const [view, setView] = useState<View>(start.view);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `${text(lang, 'title')} · ${text(lang, 'subtitle')}`;
  }, [lang]);

  const go = (next: View) => {
    setView(next);
    scrollTo(0, 0);
    setTimeout(() => mainRef.current?.focus(), 0);
  };
  const toggleLang = () => {
    const next: Lang = lang === 'zh' ? 'en' : 'zh';
    setLang(next);
    try {
      localStorage.setItem(LANG_KEY, next);
    } catch {
      // Not kept across visits then; the toggle still works for this one.
    }
  };

  return (
    <div class="k-page">
      <header class="k-header">
        <div>
          <h1>{text(lang, 'title')}</h1>
          <p>{text(lang, 'subtitle')}</p>
        </div>
        <button
          type="button"
          class="k-lang"
          onClick={toggleLang}
          aria-label={text(lang, 'langToggleLabel')}
          lang={lang === 'zh' ? 'en' : 'zh-CN'}
        >
          {text(lang, 'langToggle')}
        </button>
      </header>
      <nav class="k-nav" aria-label={text(lang, 'navLabel')}>
        <button
          type="button"
          aria-current={view.name !== 'lookup' ? 'page' : undefined}
          onClick={() => go({ name: 'complain' })}
        >
          {text(lang, 'navComplain')}
        </button>
        <button
          type="button"
          aria-current={view.name === 'lookup' ? 'page' : undefined}
          onClick={() => go({ name: 'lookup', caseNo: '', mobile: '' })}
        >
          {text(lang, 'navLookup')}
        </button>
      </nav>
      <main ref={mainRef} tabIndex={-1}>
        {view.name === 'complain' ? (
          <ComplaintForm
            lang={lang}
            unitFromUrl={start.unit}
            onFiled={(caseNo, mobile) => go({ name: 'receipt', caseNo, mobile })}
          />
        ) : view.name === 'receipt' ? (
          <section class="k-receipt" aria-labelledby="k-receipt-title">
            <h2 id="k-receipt-title">{text(lang, 'receiptTitle')}</h2>
            <p class="k-hint">{text(lang, 'receiptCaseNo')}</p>
            <p class="k-caseno" data-testid="case-no">
              {view.caseNo}
            </p>
            <p>{text(lang, 'receiptKeep')}</p>
            <p>{text(lang, 'receiptSms', { mobile: maskMobile(view.mobile) })}</p>
            <p class="k-promise">{text(lang, 'promise137')}</p>
            <button
              type="button"
              class="k-primary"
              onClick={() => go({ name: 'lookup', caseNo: view.caseNo, mobile: view.mobile })}
            >
              {text(lang, 'goLookup')}
            </button>
            <button type="button" class="k-secondary" onClick={() => go({ name: 'complain' })}>
              {text(lang, 'newComplaint')}
            </button>
          </section>
        ) : (
          <Lookup
            key={`${view.caseNo}|${view.mobile}`}
            lang={lang}
            caseNo={view.caseNo}
            mobile={view.mobile}
          />
        )}
      </main>
    </div>
  );
}
