import {
  type Case,
  fenToChineseCapital,
  formatFen,
  isAgreementFrozen,
  type MediationParty,
  maskMobile,
  type SignerRole,
} from '@anxin/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'wouter';
import { useDb } from '../app/services';
import { useAttachmentBlob } from '../app/useAttachment';
import { AppFrame } from '../components/AppFrame';
import { BlobImage } from '../components/BlobImage';
import { Notice } from '../components/Field';
import { useTranslation } from '../i18n';
import { formatDate, formatDateTime } from '../i18n/format';

function Signature(props: { signer: SignerRole; sha256: string | undefined; label: string }) {
  const { t } = useTranslation();
  const blob = useAttachmentBlob(props.sha256);
  return (
    <figure
      data-testid={`agreement-sig-${props.signer}`}
      data-signed={props.sha256 ? 'true' : 'false'}
    >
      <div className="sig-box">{blob ? <BlobImage blob={blob} alt={props.label} /> : null}</div>
      <figcaption>
        {props.label}
        {!props.sha256 && ` ${t('agreement.notSigned')}`}
      </figcaption>
    </figure>
  );
}

function Money(props: { fen: number; testId: string }) {
  const { t } = useTranslation();
  return (
    <span data-testid={props.testId}>
      {formatFen(props.fen)}（{t('agreement.capital')}：
      <span className="capital">{fenToChineseCapital(props.fen)}</span>）
    </span>
  );
}

/**
 * 调解协议书: the printable A4 agreement. Built only from data on the device, so printing
 * or "save as PDF" works offline. Once worker and employer have signed it is final; a change
 * is a new record that names this one in `supersedesId`.
 */
export function Agreement(props: { mediationId: string }) {
  const { t } = useTranslation();
  const db = useDb();
  const data = useLiveQuery(async () => {
    const m = await db.mediations.get(props.mediationId);
    if (!m) return { m: null } as const;
    const [c, newer, prior] = await Promise.all([
      db.cases.get(m.caseId),
      db.mediations
        .where('caseId')
        .equals(m.caseId)
        .filter((x) => x.supersedesId === m.id)
        .first(),
      m.supersedesId ? db.mediations.get(m.supersedesId) : undefined,
    ]);
    return { m, c: c ?? null, newer: newer ?? null, prior: prior ?? null } as const;
  }, [db, props.mediationId]);

  if (data === undefined) return <AppFrame title={t('app.loading')}>{null}</AppFrame>;
  if (data.m === null || data.c === null) {
    return (
      <AppFrame title={t('agreement.title')} back="/">
        <Notice kind="warn">{t('agreement.notFound')}</Notice>
      </AppFrame>
    );
  }
  const { m, c, newer, prior } = data;
  const frozen = isAgreementFrozen(m);

  return (
    <AppFrame title={t('agreement.title')} back={`/cases/${c.id}`} actionBar>
      {newer && (
        <Notice kind="warn">
          {t('caseDetail.superseded')}:{' '}
          <Link href={`/mediations/${newer.id}/agreement`}>{t('caseDetail.openAgreement')}</Link>
        </Notice>
      )}
      {/* The document itself stays in Chinese: it is an official record in a Chinese city. */}
      <article className="agreement-sheet" lang="zh-CN" data-testid="agreement">
        <h1>调解协议书</h1>
        <p className="doc-meta">
          案件编号：<span data-testid="agreement-case-no">{c.caseNo ?? '待分配'}</span>
          <br />
          {frozen ? (
            <span className="stamp">定稿</span>
          ) : (
            <span className="stamp">草稿 · 双方尚未全部签字</span>
          )}
          <br />
          <small>
            协议编号：
            <span data-testid="agreement-no">
              {m.agreementNo ?? t('signing.agreementNoPending')}
            </span>
          </small>
          {m.supersedesId && (
            <>
              <br />
              <small>本协议取代：{prior?.agreementNo ?? m.supersedesId}</small>
            </>
          )}
        </p>

        <h2>当事人</h2>
        {m.parties ? (
          <Parties parties={m.parties} employer={c.employer} />
        ) : (
          <table>
            <tbody>
              {c.claimants.map((cl, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: claimants have no id; their order is stable
                <tr key={i}>
                  <th scope="row">{i === 0 ? '申请人（劳动者）' : ''}</th>
                  <td>
                    {cl.name}，手机 {maskMobile(cl.mobile)}
                    {cl.homeProvince ? `，籍贯 ${cl.homeProvince}` : ''}，主张欠薪{' '}
                    {formatFen(cl.owedFen)}
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row">被申请人（用人单位）</th>
                <td>
                  {c.employer.name}
                  {c.employer.creditCode ? `，统一社会信用代码 ${c.employer.creditCode}` : ''}
                  {c.employer.contactName ? `，联系人 ${c.employer.contactName}` : ''}
                  {c.employer.address ? `，地址 ${c.employer.address}` : ''}
                </td>
              </tr>
            </tbody>
          </table>
        )}
        <p>
          调解时间：{formatDateTime(m.heldAt, 'zh')}　调解地点：{m.place}
        </p>
        <p>
          参加人员：{m.attendees.map((a) => `${a.name}（${attendeeRoleZh(a.role)}）`).join('、')}
        </p>

        <h2>一、查明的事实</h2>
        <p data-testid="agreement-facts">{m.facts || '（无）'}</p>
        <h2>二、协议内容</h2>
        <p data-testid="agreement-terms">{m.terms || '（无）'}</p>
        <h2>三、支付金额</h2>
        <p>
          被申请人同意支付申请人人民币 <Money fen={m.amountAgreedFen} testId="agreement-amount" />。
        </p>
        <p>
          其中当场支付 <Money fen={m.amountPaidOnSiteFen} testId="agreement-paid" />。
        </p>
        <h2>四、分期付款</h2>
        {m.instalments.length === 0 ? (
          <p>无分期。</p>
        ) : (
          <table data-testid="agreement-instalments">
            <thead>
              <tr>
                <th scope="col">期数</th>
                <th scope="col">付款日期</th>
                <th scope="col">金额</th>
              </tr>
            </thead>
            <tbody>
              {m.instalments.map((ins, i) => (
                <tr key={ins.dueDate}>
                  <td>第 {i + 1} 期</td>
                  <td>{formatDate(ins.dueDate, 'zh')} 前</td>
                  <td>
                    <Money fen={ins.amountFen} testId={`agreement-instalment-${i}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="closing">
          <p>
            本协议经双方当事人签字后生效。双方应自觉履行；一方不履行的，另一方可依法申请劳动仲裁或向劳动保障监察机构投诉。本协议一式三份，双方当事人及调解组织各执一份。
          </p>

          <div className="signatures">
            <Signature signer="worker" sha256={m.signatures.worker} label="劳动者（签字）" />
            <Signature
              signer="employer"
              sha256={m.signatures.employer}
              label="用人单位代表（签字）"
            />
            <Signature signer="officer" sha256={m.signatures.officer} label="调解员（签字）" />
          </div>
          <p style={{ textAlign: 'right', marginTop: 16 }} data-testid="agreement-date">
            {formatDate(m.heldAt, 'zh')}
          </p>
        </div>
      </article>
      <p className="no-print">{frozen ? t('caseDetail.frozen') : t('agreement.draft')}</p>

      <div className="action-bar">
        {frozen || newer ? (
          <Link
            href={`/cases/${c.id}/mediation?supersedes=${m.id}`}
            className="btn"
            data-testid="agreement-new-version"
          >
            {t('agreement.newVersion')}
          </Link>
        ) : (
          // A draft is signed (or corrected) in place until both parties have signed.
          <Link
            href={`/cases/${c.id}/mediation?edit=${m.id}`}
            className="btn"
            data-testid="agreement-sign"
          >
            {t('caseActions.signDraft')}
          </Link>
        )}
        <button
          type="button"
          className="btn primary"
          onClick={() => window.print()}
          data-testid="agreement-print"
        >
          {t('agreement.print')}
        </button>
      </div>
    </AppFrame>
  );
}

/**
 * The parties as confirmed at the mediation, numbers in full: the agreement is the one place
 * they print (shared/src/domain/masking.ts masks them everywhere else).
 */
function Parties(props: { parties: readonly MediationParty[]; employer: Case['employer'] }) {
  const workers = props.parties.filter((p) => p.role === 'worker');
  const reps = props.parties.filter((p) => p.role === 'employer');
  const e = props.employer;
  const ids = (p: MediationParty) =>
    [p.idNumber ? `身份证号码 ${p.idNumber}` : '', p.phone ? `电话 ${p.phone}` : '']
      .filter(Boolean)
      .join('，');
  return (
    <table data-testid="agreement-parties">
      <tbody>
        {workers.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: parties have no id; their order is stable
          <tr key={i}>
            <th scope="row">{i === 0 ? '申请人（劳动者）' : ''}</th>
            <td>
              {p.name}
              {ids(p) ? `，${ids(p)}` : ''}
            </td>
          </tr>
        ))}
        <tr>
          <th scope="row">被申请人（用人单位）</th>
          <td>
            {e.name}
            {e.creditCode ? `，统一社会信用代码 ${e.creditCode}` : ''}
            {e.address ? `，地址 ${e.address}` : ''}
            {reps.map((p) => `；代表 ${p.name}${ids(p) ? `，${ids(p)}` : ''}`).join('')}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function attendeeRoleZh(role: string): string {
  const map: Record<string, string> = {
    worker: '劳动者',
    employer: '用人单位',
    officer: '调解员',
    inspector: '监察员',
    witness: '见证人',
    other: '其他',
  };
  return map[role] ?? role;
}
