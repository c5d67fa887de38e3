/**
 * Security-rule document lookups (`get()`, `exists()`, `getAfter()`, `existsAfter()`), counted
 * from the Firestore emulator's rules coverage report: it keeps, for every expression of the
 * rules, how often it was evaluated. The difference of the lookup calls' counts before and
 * after an operation is how many lookups the rules evaluated for it. Production bills one read
 * per distinct document a request's rules look up, so this count is an upper bound of the
 * billed rule reads (a request that looks the same document up twice pays once).
 */
import { PROJECT_ID } from "../../test/helpers/emulators.js";

interface CoverageNode {
  sourcePosition?: { currentOffset?: number; endOffset?: number };
  values?: Array<{ count?: number }>;
  children?: CoverageNode[];
}

interface CoverageReport {
  rules?: { files?: Array<{ content?: string }> };
  report?: CoverageNode[];
}

const LOOKUP = /^(get|exists|getAfter|existsAfter)\s*\(/;

/** The rule lookups evaluated so far by the Firestore emulator at `emulator` (`host:port`, not the proxy). */
export async function ruleLookups(emulator: string): Promise<number> {
  const response = await fetch(`http://${emulator}/emulator/v1/projects/${PROJECT_ID}:ruleCoverage`);
  if (!response.ok) throw new Error(`Rules coverage report unavailable: ${response.status}`);
  const coverage = (await response.json()) as CoverageReport;
  const source = coverage.rules?.files?.[0]?.content ?? "";
  let total = 0;
  const visit = (node: CoverageNode) => {
    const start = node.sourcePosition?.currentOffset;
    const end = node.sourcePosition?.endOffset;
    if (start !== undefined && end !== undefined && LOOKUP.test(source.slice(start, end))) {
      total += (node.values ?? []).reduce((sum, value) => sum + (value.count ?? 0), 0);
    }
    for (const child of node.children ?? []) visit(child);
  };
  for (const node of coverage.report ?? []) visit(node);
  return total;
}
