import qrcode from 'qrcode-generator';
import { useMemo, useState } from 'react';
import { useLang } from '../i18n';
import { useWorkspaceTexts } from '../i18n/namespaces';
import { activeUnitIds, townName } from '../i18n/towns';
import './qr-poster.css';

/** The address a unit's poster sends a worker to: the public complaint page, unit chosen. */
export function posterUrl(origin: string, unitId: string): string {
  return `${origin.replace(/\/+$/, '')}/k?unit=${encodeURIComponent(unitId)}`;
}

/**
 * The QR code as SVG rectangles, one per dark module, from qrcode-generator (a well-kept
 * encoder; never a hand-written one). Level M survives a poster a little scuffed or
 * photographed at an angle; the quiet zone of 4 modules is what the standard asks for.
 */
function QrCode(props: { url: string; label: string }) {
  const { size, path } = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(props.url, 'Byte');
    qr.make();
    const n = qr.getModuleCount();
    let d = '';
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
    }
    return { size: n + 8, path: d };
  }, [props.url]);
  return (
    <svg
      className="qr-code"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={props.label}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/**
 * 二维码海报: one A4 poster per unit — its name, the QR code of `/k?unit=<id>`, and what
 * a worker should have ready — for the office to print and hang in each street, town and
 * company site. Shown on screen as sheets; printed, only the sheets remain, one per page.
 */
export function QrPoster() {
  const { t } = useWorkspaceTexts('office');
  const lang = useLang();
  const units = activeUnitIds();
  const [only, setOnly] = useState<string>('');
  const origin = window.location.origin;
  const shown = only === '' ? units : units.filter((id) => id === only);
  return (
    <div className="qr-posters-root">
      <div className="qr-controls no-print">
        <h2>{t('qr.title')}</h2>
        <p className="hint">{t('qr.intro')}</p>
        <label>
          {t('qr.unit')}{' '}
          <select value={only} onChange={(e) => setOnly(e.target.value)}>
            <option value="">{t('qr.allUnits')}</option>
            {units.map((id) => (
              <option key={id} value={id}>
                {townName(id, lang)}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('qr.print')}
        </button>
      </div>
      <div className="qr-posters">
        {shown.map((id) => {
          const url = posterUrl(origin, id);
          // The poster is for workers in the unit: Chinese, whatever the office reads.
          const name = townName(id, 'zh');
          return (
            <section key={id} className="qr-sheet" aria-label={`${t('qr.sheet')} ${name}`}>
              <p className="qr-slogan">指尖说事，码上办事</p>
              <h3 className="qr-unit">{name}</h3>
              <p className="qr-lead">被拖欠工资？微信扫一扫，反映欠薪、查询进度</p>
              <QrCode url={url} label={`${t('qr.codeFor')} ${name}`} />
              <p className="qr-url">{url}</p>
              <div className="qr-prepare">
                <p>请准备：</p>
                <ol>
                  <li>本人身份证、手机号码</li>
                  <li>劳动合同或工资条、考勤记录</li>
                  <li>聊天记录、欠条等证据（可拍照上传）</li>
                </ol>
              </div>
              <p className="qr-foot">1 天内受理处置 · 3 天内跟进督办 · 7 天内办结</p>
            </section>
          );
        })}
      </div>
    </div>
  );
}
