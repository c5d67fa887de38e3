export declare const DURATIONS_FILE: string;
export declare function listTestFiles(dir?: string): string[];
export interface Shard {
  files: string[];
  seconds: number;
}
export declare function splitIntoShards(files: string[], count: number, measured?: Record<string, number>): Shard[];
export declare function mochaTotals(report: string): { passing: number; failing: number; pending: number };
