import { html } from './html.js';

const VERDICT = { breaking: 'breaking', compatible: 'compatible', 'declared-major': 'declared major' };

export function Flag({ flag }) {
  return html`<span class="flag"><span class="badge ${flag.verdict}">${VERDICT[flag.verdict] || flag.verdict}</span> <code>${flag.ruleId}</code> ${flag.message}${flag.direction === 'forward' ? ' (forward)' : ''}</span>`;
}

/**
 * A side-by-side diff: old on the left, new on the right, each difference
 * the checker reported flagged under the line it concerns. `label` names
 * the table for screen readers.
 */
export function DiffView({ diff, label, leftTitle, rightTitle }) {
  const flagged = diff.rows.reduce((n, r) => n + (r.flags ? r.flags.length : 0), 0) + diff.unplaced.length;
  return html`
    <div class="diff-wrap">
      <p class="note">${diff.stats.added} added, ${diff.stats.removed} removed, ${diff.stats.changed} changed line${diff.stats.changed === 1 ? '' : 's'}; ${flagged} flagged difference${flagged === 1 ? '' : 's'}${diff.truncated ? '; the diff is too large to align line by line, so its middle is shown as one block' : ''}${diff.cut ? `; only the first ${diff.cut.shownRows} rows are shown (${diff.cut.omittedRows} more; their flags are listed above)` : ''}.</p>
      ${diff.unplaced.length > 0 && html`<div class="card" aria-label="Differences on the whole schema"><strong>On the schema as a whole:</strong>${diff.unplaced.map((f) => html`<${Flag} flag=${f} />`)}</div>`}
      <table class="diff" aria-label=${label}>
        <thead><tr><th class="n" scope="col">Line</th><th scope="col">${leftTitle}</th><th class="n" scope="col">Line</th><th scope="col">${rightTitle}</th></tr></thead>
        <tbody>
          ${diff.rows.map((row) => row.kind === 'fold' ? html`
            <tr class="fold"><td colspan="4">⋯ ${row.lines} unchanged line${row.lines === 1 ? '' : 's'}</td></tr>` : html`
            <tr class=${row.kind}>
              <td class="n">${row.left ? row.left.line : ''}</td><td class="l">${row.left ? row.left.text : ''}</td>
              <td class="n">${row.right ? row.right.line : ''}</td><td class="r">${row.right ? row.right.text : ''}</td>
            </tr>
            ${row.flags.length > 0 && html`<tr class="flags"><td colspan="4">${row.flags.map((f) => html`<${Flag} flag=${f} />`)}</td></tr>`}`)}
        </tbody>
      </table>
    </div>
  `;
}
