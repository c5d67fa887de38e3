/**
 * The gRPC status codes that Firestore's and Cloud KMS's Node clients put in `error.code`
 * (https://grpc.github.io/grpc/core/md_doc_statuscodes.html), by name, so that no file compares
 * with a bare number. Kept here rather than imported from @grpc/grpc-js, which loads the whole
 * gRPC stack.
 */
export const GrpcStatus = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNAVAILABLE: 14,
} as const;

/** The gRPC status code of an error thrown by a Google Cloud client, if it has one. */
export function grpcCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}
