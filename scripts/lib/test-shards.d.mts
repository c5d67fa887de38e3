export declare const DURATIONS_FILE: string;
export declare function listTestFiles(dir?: string): string[];
export declare function queueOrder(files: string[], measured?: Record<string, number>): string[];
export declare function claimFile(claimsDir: string, index: number): boolean;
export declare function mochaTotals(report: string): { passing: number; failing: number; pending: number };
export declare function mochaFailures(report: string): string;
export declare function isRulesFile(file: string): boolean;
export declare function runOrder(files: string[]): string[];
export declare function expandSpecs(specs: string[]): string[];
