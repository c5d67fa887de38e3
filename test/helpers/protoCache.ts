/**
 * Builds the Firestore Web SDK's gRPC protos once per test process instead of once per client.
 *
 * In Node the SDK opens every Firestore client's connection with `loadProtos()`, which hands
 * the same bundled proto JSON and options to its own `@grpc/proto-loader`'s `fromJSON`; that
 * builds a protobufjs root and its descriptors from scratch, and the root's encoders are
 * generated again on first use. The tests open a client per signed-in user and per rules
 * context, hundreds per file, so this was most of the test processes' own CPU (docs/emulators.md).
 * The package definition is read-only data that every connection may share; each connection
 * still gets its own gRPC client objects from it. Keyed by the arguments' identity, so any other
 * caller of `fromJSON` gets its own build as before.
 */
import { createRequire } from "node:module";

type FromJson = (json: object, options?: object) => unknown;

const firestoreSdkRequire = createRequire(require.resolve("@firebase/firestore"));
const protoLoader = firestoreSdkRequire("@grpc/proto-loader") as { fromJSON: FromJson };
const buildProtos = protoLoader.fromJSON;
const built = new WeakMap<object, WeakMap<object, unknown>>();
const NO_OPTIONS = {};

protoLoader.fromJSON = (json, options) => {
  let byOptions = built.get(json);
  if (!byOptions) built.set(json, (byOptions = new WeakMap<object, unknown>()));
  const key = options ?? NO_OPTIONS;
  if (!byOptions.has(key)) byOptions.set(key, buildProtos(json, options));
  return byOptions.get(key);
};
