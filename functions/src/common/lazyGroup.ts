/**
 * A deploy group whose functions load on first read. Each property is a getter that requires
 * the function's own module when something reads it, and only then.
 *
 * Why this is enough for a cold start that loads one handler: the Functions runtime (the
 * Functions Framework in production, the emulator's worker locally) loads the entry point and
 * then reads exactly one property path, its FUNCTION_TARGET (`teams.create` for `teams-create`).
 * Deploy-time discovery (firebase-functions' manifest, what `firebase deploy` and the emulator
 * read) enumerates every property instead, so it still sees every function with its options,
 * secrets and params under the same `<group>-<name>`. The loaders are synchronous `require`s
 * because the runtime reads the target synchronously; see docs/architecture.md.
 */
export function lazyGroup<Group extends Record<string, unknown>>(loaders: { [Name in keyof Group]: () => Group[Name] }): Group {
  const group: Partial<Group> = {};
  for (const name of Object.keys(loaders) as Array<keyof Group>) {
    Object.defineProperty(group, name, { enumerable: true, get: loaders[name] });
  }
  return group as Group;
}
