import { CASE_STATUSES } from '../constants/case';
import { OPEN_STATUSES, STATUS_LABELS, STATUS_TRANSITIONS } from './status-machine';

// East Asian wide characters take two columns; the project formatter aligns tables that way.
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** A markdown table with padded columns, as `biome format` writes it. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) =>
    Math.max(3, displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - displayWidth(c))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/**
 * docs/status-machine.md, rendered from the table itself so the document cannot drift from
 * the rules: scripts/gen-status-doc.ts writes it, and a test fails when the file differs.
 */
export function renderStatusMachineDoc(): string {
  const lines: string[] = [
    '# Case status machine (案件状态机)',
    '',
    '<!-- Generated from STATUS_TRANSITIONS in shared/src/domain/status-machine.ts by',
    '     `npx tsx scripts/gen-status-doc.ts`. Do not edit by hand: a test compares this file',
    '     with the table. -->',
    '',
    'Every status move a case can make, who may make it, what it needs, and which mutation',
    'makes it. Anything not listed is refused by the server and not offered by the app.',
    'Inspectors may make every officer move (they help in the towns).',
    '',
    '## Statuses',
    '',
  ];
  lines.push(
    ...table(
      ['Status', '中文', 'English', 'Open'],
      CASE_STATUSES.map((st) => [
        `\`${st}\``,
        STATUS_LABELS[st].zh,
        STATUS_LABELS[st].en,
        OPEN_STATUSES.includes(st) ? 'yes' : 'no',
      ]),
    ),
  );
  lines.push(
    '',
    '## Moves',
    '',
    ...table(
      ['From', 'To', 'Roles', 'Requires', 'Via', '中文', 'English'],
      STATUS_TRANSITIONS.map((r) => [
        `\`${r.from}\``,
        `\`${r.to}\``,
        r.roles.join(', '),
        r.requires.length > 0 ? r.requires.map((q) => `\`${q}\``).join(', ') : '—',
        `\`${r.via}\``,
        r.label.zh,
        r.label.en,
      ]),
    ),
  );
  lines.push('', '## Diagram', '', '```mermaid', 'stateDiagram-v2');
  for (const s of CASE_STATUSES) lines.push(`  ${s}: ${STATUS_LABELS[s].zh} ${s}`);
  lines.push('  [*] --> received');
  for (const r of STATUS_TRANSITIONS) lines.push(`  ${r.from} --> ${r.to}: ${r.label.zh}`);
  for (const s of CASE_STATUSES) {
    if (!OPEN_STATUSES.includes(s)) lines.push(`  ${s} --> [*]`);
  }
  lines.push('```', '');
  return lines.join('\n');
}
