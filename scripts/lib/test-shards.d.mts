export declare const DURATIONS_FILE: string;
export declare function listTestFiles(dir?: string): string[];
export interface Shard {
  files: string[];
  seconds: number;
}
export declare const LATER_SET_START_SECONDS: number;
export declare function splitIntoShards(files: string[], count: number, measured?: Record<string, number>, laterStart?: number): Shard[];
export declare function mochaTotals(report: string): { passing: number; failing: number; pending: number };
export declare function mochaFailures(report: string): string;
export declare function isRulesFile(file: string): boolean;
export declare function runOrder(files: string[]): string[];
export declare function expandSpecs(specs: string[]): string[];
