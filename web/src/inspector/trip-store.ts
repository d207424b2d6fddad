import type { EmployerHistory, VisitPlan } from '@anxin/shared';
import { type AnxinDB, getMeta, setMeta } from '../data/db';
import { sealBlob } from '../data/vault/seal';

/**
 * What "Prepare trip" keeps on the device besides the cases themselves (which arrive by
 * pull): the plan and the employers' history. In the meta table, so logging out wipes them
 * with everything else.
 */
const PLAN_KEY = 'inspector.plan';
const HISTORY_PREFIX = 'inspector.employer.';

export async function savePlanCopy(db: AnxinDB, plan: VisitPlan): Promise<void> {
  await setMeta(db, PLAN_KEY, plan);
}

export async function loadPlanCopy(db: AnxinDB): Promise<VisitPlan | null> {
  return (await getMeta<VisitPlan>(db, PLAN_KEY)) ?? null;
}

export async function saveEmployerHistory(db: AnxinDB, h: EmployerHistory): Promise<void> {
  await setMeta(db, `${HISTORY_PREFIX}${h.creditCode}`, h);
}

export async function loadEmployerHistory(
  db: AnxinDB,
  creditCode: string,
): Promise<EmployerHistory | null> {
  return (await getMeta<EmployerHistory>(db, `${HISTORY_PREFIX}${creditCode}`)) ?? null;
}

/** Content hashes a case's files need offline: attachments, signatures and mediation photos. */
export async function blobHashesOf(db: AnxinDB, caseIds: readonly string[]): Promise<string[]> {
  const ids = [...caseIds];
  const metas = await db.attachmentMeta.where('caseId').anyOf(ids).toArray();
  const mediations = await db.mediations.where('caseId').anyOf(ids).toArray();
  const hashes = new Set<string>(metas.map((m) => m.sha256));
  for (const m of mediations) {
    for (const h of Object.values(m.signatures)) if (typeof h === 'string') hashes.add(h);
    for (const h of m.photoHashes) hashes.add(h);
  }
  return [...hashes];
}

/**
 * Downloads the files not yet on the device and stores them as already uploaded (they came
 * from the server), so the case screens show them offline. Returns how many could not be
 * fetched.
 */
export async function downloadBlobs(
  db: AnxinDB,
  hashes: readonly string[],
  caseOf: (sha256: string) => string,
  fetchBlob: (sha256: string) => Promise<Blob | null>,
): Promise<number> {
  let missing = 0;
  for (const sha256 of hashes) {
    if (await db.attachments.get(sha256)) continue;
    const blob = await fetchBlob(sha256);
    if (!blob) {
      missing++;
      continue;
    }
    const mime = (['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const).find(
      (m) => m === blob.type,
    );
    // Sealed before the put: the transaction cannot wait for the Blob's bytes.
    const sealed = await sealBlob(db.keySource.keys(), blob);
    await db.attachments.put({
      sha256,
      caseId: caseOf(sha256),
      kind: mime === 'application/pdf' ? 'document' : 'photo',
      mime: mime ?? 'image/jpeg',
      size: blob.size,
      blob: sealed,
      uploaded: true,
      createdAt: new Date().toISOString(),
    });
  }
  return missing;
}
