// The summary run-all.ts prints: each figure of issue 15 against its target,
// from the figures each bench wrote (or, for a bench that writes none, from
// its printed line).
import type { Figures } from './figures.ts';

export interface SummaryRow {
  what: string;
  value?: number;
  shown?: string;
  target?: string;
  met?: boolean;
  note?: string;
}

type AllFigures = Record<string, Figures>;

const atLeast = (what: string, value: number | undefined, target: number, note?: string): SummaryRow => ({
  what,
  value,
  shown: value === undefined ? undefined : value.toFixed(2),
  target: `≥ ${target}`,
  met: value === undefined ? undefined : value >= target,
  note,
});

const below = (what: string, value: number | undefined, target: number, unit: string, note?: string, strictly = false): SummaryRow => ({
  what,
  value,
  shown: value === undefined ? undefined : `${value.toFixed(unit === 'ms' && value < 100 ? 1 : 0)} ${unit}`,
  target: `${strictly ? '<' : '≤'} ${target} ${unit}`,
  met: value === undefined ? undefined : strictly ? value < target : value <= target,
  note,
});

/** Registrations per second with 8 writers: the concurrent bench's figure, or its printed line. */
function eightWriters(figures: AllFigures, output: string | undefined): number | undefined {
  const written = figures.concurrent?.['writers8PerSecond'];
  if (written !== undefined) return written;
  // A line naming 8 writers (or 8 in flight) and a rate: "… 8 writers … 1,234 registrations/s".
  const line = output?.split('\n').find((l) => /\b8\b[^\n]*(writers|in flight)/i.test(l) && /\/s/.test(l));
  const rate = line && /([\d,]+(?:\.\d+)?)\s*(?:registrations\/s|\/s|reg\/s)/i.exec(line);
  return rate ? Number(rate[1].replace(/,/g, '')) : undefined;
}

export function summaryRows(figures: AllFigures, outputs: Record<string, string>, notes: Record<string, string>): SummaryRow[] {
  const cpu = figures.cpu ?? {};
  const us = (key: string) => (cpu[`${key}.sgUs`] === undefined ? '' : `${cpu[`${key}.sgUs`].toFixed(1)} µs vs bare ${cpu[`${key}.bareUs`].toFixed(1)} µs; req/s ratio ${cpu[`${key}.rateRatio`].toFixed(2)}`);
  const pg = figures.postgres ?? {};
  const cold = figures['cold-start'] ?? {};
  const rows: SummaryRow[] = [
    atLeast('GET /schemas/ids/{id}: bare ÷ schemagate CPU/request', cpu['getById.cpuRatio'], 0.8, us('getById')),
    atLeast('POST /subjects/{s} lookup: bare ÷ schemagate CPU/request', cpu['lookup.cpuRatio'], 0.6, us('lookup')),
    { ...atLeast('GET /subjects/{s}/versions/latest: bare ÷ schemagate', cpu['latest.cpuRatio'], 0), target: '(none)', met: undefined, note: us('latest') },
    below('registration into 1,000-version BACKWARD_TRANSITIVE, p50', figures.transitive?.['warmP50Ms'], 10, 'ms', figures.transitive ? `1 live version: ${figures.transitive['baselineP50Ms'].toFixed(1)} ms` : notes.transitive),
    { ...atLeast('registrations/s, 8 writers, SQLite', eightWriters(figures, outputs.concurrent), 2000, notes.concurrent), shown: eightWriters(figures, outputs.concurrent)?.toFixed(0) },
    atLeast('PostgreSQL ÷ SQLite, GET /schemas/ids/{id} req/s', pg['idRatio'], 0.6, notes.postgres),
    atLeast('PostgreSQL ÷ SQLite, GET …/versions/latest req/s', pg['latestRatio'], 0.6, notes.postgres),
    below('cold start, 100,000 versions, to ready', cold['coldStartMs'], 1000, 'ms', cold['coldStartRssMb'] === undefined ? notes['cold-start'] : `RSS ${cold['coldStartRssMb'].toFixed(0)} MB at ready; empty: ${cold['emptyStartMs'].toFixed(0)} ms`, true),
    atLeast('schemagate check --samples ÷ ajv directly', figures.check?.['ratio'], 0.8, notes.check),
    below(
      'console: 1,000 subjects, table on screen',
      figures.console?.['tableMs'],
      1000,
      'ms',
      figures.console ? `first paint ${figures.console['firstPaintMs'].toFixed(0)} ms; bare static page ${figures.console['bareTableMs'].toFixed(0)} ms` : notes.console,
      true,
    ),
  ];
  return rows;
}
