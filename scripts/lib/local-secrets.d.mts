export declare const localPlatformClient: (slug: string) => { clientId: string; clientSecret: string };
export declare function ensureLocalSecrets(): void;
export declare function ensureParamDefaults(file?: string): void;
