/*
 * A stand-in for Firebase's "cloud-storage-rules-runtime" jar, for machines without internet.
 *
 * The Firebase Storage emulator (firebase-tools) does not evaluate storage.rules itself: it
 * starts `java -jar <runtime.jar> serve` and talks to it in JSON lines over stdin/stdout
 * (firebase-tools lib/emulator/storage/rules/runtime.js). That jar is normally downloaded from
 * Google. This program speaks the same protocol, using Google's rules compiler and evaluator
 * that ship inside the gcloud Firestore emulator jar (put on the class path by the manifest).
 * Those are internal classes of that jar: keep this small, and keep the test in
 * test/storage/runtime.test.ts, which fails if the runtime ever stops enforcing.
 *
 * Protocol (one JSON object per line; stdout is the protocol channel, logs go to stderr):
 *   start:   we print {"id":-1,"status":"ok"}
 *   in:      {"id":N,"action":"load_ruleset","context":{"rulesetName","source":{"files":[{name,content}]}}}
 *   out:     {"id":N,"status":"ok","errors":[..],"warnings":[..],"result":{"rulesVersion":1|2}}
 *   in:      {"id":N,"action":"verify","context":{"rulesetName","service","path","method","delimiter",
 *             "variables":{"request":ExpressionValue,"resource":ExpressionValue}}}
 *   out:     {"id":N,"status":"ok","errors":[],"warnings":[],"result":{"permit":true|false}}
 *   lookup:  while verify N runs, firestore.get/exists print
 *             {"server_request_id":N,"action":"fetch_firestore_document","context":{"path":"/databases/.."}}
 *             and Node answers {"id":N,"status":"ok"|"not_found","result":{"name","fields"}},
 *             one lookup per verify id at a time; the verify result goes out only after
 *             the answer to the last lookup sent (Node waits for that answer first).
 * Node treats any status other than "ok" as fatal and then never answers, so problems are
 * reported in "errors" with status "ok".
 */
package pixasocial.storagerules;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import com.google.firebase.rules.lang.CompileResult;
import com.google.firebase.rules.lang.FirebaseRulesProtoCompiler;
import com.google.firebase.rules.lang.common.FirebaseRulesLangOptions;
import com.google.firebase.rules.runtime.common.AsyncRuntimeFunction;
import com.google.firebase.rules.runtime.common.EvaluationRestrictions;
import com.google.firebase.rules.runtime.common.EvaluationResult;
import com.google.firebase.rules.runtime.evaluators.AuthRuleEvaluator;
import com.google.firebase.rules.runtime.impl.DefaultEvaluator;
import com.google.firebase.rules.runtime.v1.ExecutionRequest;
import com.google.firebase.rules.runtime.v1.ExecutionResponse;
import com.google.firebase.rules.runtime.v1.ExpressionValue;
import com.google.firebase.rules.runtime.v1.RulesetAst;
import com.google.firebase.rules.v1.Issue;
import com.google.firebase.rules.v1.Source;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

public final class StorageRulesRuntime {
  private static final String FIRESTORE_GET = "firestore.get";
  private static final String FIRESTORE_EXISTS = "firestore.exists";

  private final PrintStream protocol;
  private final FirebaseRulesProtoCompiler compiler =
      FirebaseRulesProtoCompiler.createStandalone(
          FirebaseRulesLangOptions.builder().allowTernaryOperator(true).allowCrossServiceRules(true).build());
  private final JsonFormat.Parser protoJson = JsonFormat.parser().ignoringUnknownFields();
  private final Map<String, DefaultEvaluator> rulesets = new ConcurrentHashMap<>();
  private final Map<Long, FirestoreLookups> lookups = new ConcurrentHashMap<>();

  private StorageRulesRuntime(PrintStream protocol) {
    this.protocol = protocol;
  }

  public static void main(String[] args) throws Exception {
    // Keep stdout for the protocol only: anything a library prints goes to stderr.
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    StorageRulesRuntime runtime = new StorageRulesRuntime(protocol);
    runtime.send(reply(-1));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (!line.isBlank()) runtime.handle(line);
    }
  }

  private void handle(String line) {
    long id = -1;
    try {
      JsonObject message = JsonParser.parseString(line).getAsJsonObject();
      id = message.get("id").getAsLong();
      if (!message.has("action")) {
        answerLookup(id, message);
        return;
      }
      String action = message.get("action").getAsString();
      JsonObject context = message.getAsJsonObject("context");
      switch (action) {
        case "load_ruleset":
          send(loadRuleset(id, context));
          break;
        case "verify":
          verify(id, context);
          break;
        default:
          send(failure(id, "unknown action " + action));
      }
    } catch (RuntimeException | InvalidProtocolBufferException e) {
      // Answer anyway: Node waits for every id it sent, and an error there means "denied".
      System.err.println("storage rules runtime: cannot handle " + line + ": " + e);
      if (id >= 0) send(failure(id, e.toString()));
    }
  }

  private JsonObject loadRuleset(long id, JsonObject context) throws InvalidProtocolBufferException {
    Source.Builder source = Source.newBuilder();
    protoJson.merge(context.get("source").toString(), source);
    CompileResult compiled = compiler.compile(source);
    JsonObject reply = reply(id);
    for (Issue issue : compiled.getIssues()) {
      String list = issue.getSeverity() == Issue.Severity.ERROR ? "errors" : "warnings";
      reply.getAsJsonArray(list).add(describe(issue));
    }
    if (compiled.hasCompilationError()) {
      if (reply.getAsJsonArray("errors").size() == 0) reply.getAsJsonArray("errors").add("rules failed to compile");
      return reply;
    }
    RulesetAst ast = compiled.getRulesetAst();
    rulesets.put(
        context.get("rulesetName").getAsString(),
        new DefaultEvaluator(ast, ImmutableList.of(), EvaluationRestrictions.builder().build()));
    JsonObject result = new JsonObject();
    result.addProperty("rulesVersion", ast.getVersion() == RulesetAst.Version.VERSION_2 ? 2 : 1);
    reply.add("result", result);
    return reply;
  }

  /** Issues in the shape the emulator's log formatter parses (Gson field names of the Java proto). */
  private static String describe(Issue issue) {
    JsonObject position = new JsonObject();
    position.addProperty("fileName_", issue.getSourcePosition().getFileName());
    position.addProperty("line_", issue.getSourcePosition().getLine());
    position.addProperty("column_", issue.getSourcePosition().getColumn());
    JsonObject described = new JsonObject();
    described.addProperty("description_", issue.getDescription());
    described.add("sourcePosition_", position);
    described.addProperty("severity_", issue.getSeverity().name());
    return described.toString();
  }

  private void verify(long id, JsonObject context) throws InvalidProtocolBufferException {
    DefaultEvaluator evaluator = rulesets.get(context.get("rulesetName").getAsString());
    if (evaluator == null) {
      send(failure(id, "no ruleset named " + context.get("rulesetName")));
      return;
    }
    FirestoreLookups firestore = new FirestoreLookups(id);
    AuthRuleEvaluator.RuleContext.Builder rule =
        AuthRuleEvaluator.RuleContext.builder()
            .service(context.get("service").getAsString())
            .method(context.get("method").getAsString())
            .path(RulesValues.path(context.get("path").getAsString()))
            .supplyFunction(function(FIRESTORE_GET, firestore::get))
            .supplyFunction(function(FIRESTORE_EXISTS, firestore::exists))
            .supplyFunction(function("debug", StorageRulesRuntime::debug));
    for (Map.Entry<String, JsonElement> variable : context.getAsJsonObject("variables").entrySet()) {
      ExpressionValue.Builder value = ExpressionValue.newBuilder();
      protoJson.merge(variable.getValue().toString(), value);
      rule.supplyVariable(variable.getKey(), value.build());
    }
    lookups.put(id, firestore);
    ListenableFuture<EvaluationResult> evaluation;
    try {
      evaluation = evaluator.evaluate(rule.build());
    } catch (RuntimeException e) {
      lookups.remove(id);
      throw e;
    }
    Futures.addCallback(
        evaluation,
        new FutureCallback<EvaluationResult>() {
          @Override
          public void onSuccess(EvaluationResult result) {
            JsonObject reply = reply(id);
            JsonObject permit = new JsonObject();
            permit.addProperty("permit", result.permit());
            reply.add("result", permit);
            firestore.finish(reply);
          }

          @Override
          public void onFailure(Throwable error) {
            firestore.finish(failure(id, "rules evaluation failed: " + error.getMessage()));
          }
        },
        MoreExecutors.directExecutor());
  }

  private void answerLookup(long id, JsonObject answer) {
    FirestoreLookups pending = lookups.get(id);
    if (pending == null) throw new IllegalStateException("no Firestore lookup waiting for id " + id);
    pending.answer(answer);
  }

  private static ListenableFuture<ExpressionValue> debug(ExpressionValue value) {
    System.err.println("storage rules debug: " + value);
    return Futures.immediateFuture(value);
  }

  private static AsyncRuntimeFunction function(String name, Function<ExpressionValue, ListenableFuture<ExpressionValue>> body) {
    return new AsyncRuntimeFunction() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ListenableFuture<ExecutionResponse> execute(ExecutionRequest request) {
        return Futures.transform(
            body.apply(request.getArguments(0)),
            value -> ExecutionResponse.newBuilder().setValue(value).build(),
            MoreExecutors.directExecutor());
      }
    };
  }

  /**
   * The Firestore lookups of one verify request. Node fetches one document per verify id at a
   * time, so further lookups wait in a queue until the previous answer arrives. Node also
   * expects the answer to an outstanding lookup before the verify result: the evaluator can
   * decide (one `allow` already granted) while a lookup is still out, so the result waits.
   */
  private final class FirestoreLookups {
    private final long verifyId;
    private final Queue<Lookup> waiting = new ArrayDeque<>();
    private Lookup inFlight;
    private JsonObject result;

    private final class Lookup {
      final String path;
      final SettableFuture<JsonObject> answer = SettableFuture.create();

      Lookup(String path) {
        this.path = path;
      }
    }

    FirestoreLookups(long verifyId) {
      this.verifyId = verifyId;
    }

    ListenableFuture<ExpressionValue> get(ExpressionValue path) {
      return Futures.transform(
          fetch(path),
          answer -> found(answer) ? RulesValues.document(answer.getAsJsonObject("result")) : RulesValues.nullValue(),
          MoreExecutors.directExecutor());
    }

    ListenableFuture<ExpressionValue> exists(ExpressionValue path) {
      return Futures.transform(
          fetch(path), answer -> RulesValues.boolValue(found(answer)), MoreExecutors.directExecutor());
    }

    private boolean found(JsonObject answer) {
      return "ok".equals(answer.get("status").getAsString()) && answer.has("result");
    }

    private ListenableFuture<JsonObject> fetch(ExpressionValue pathArgument) {
      Lookup lookup = new Lookup(RulesValues.slashPath(pathArgument));
      synchronized (this) {
        if (result != null) return lookup.answer; // already decided; never asked
        if (inFlight != null) {
          waiting.add(lookup);
          return lookup.answer;
        }
        inFlight = lookup;
      }
      request(lookup);
      return lookup.answer;
    }

    /** Node's answer to the lookup in flight: send the next lookup, or the waiting result. */
    void answer(JsonObject answer) {
      Lookup done;
      Lookup next;
      JsonObject finalReply;
      synchronized (this) {
        done = inFlight;
        finalReply = result;
        next = inFlight = finalReply == null ? waiting.poll() : null;
      }
      if (done == null) throw new IllegalStateException("unexpected Firestore answer for id " + verifyId);
      if (finalReply != null) {
        lookups.remove(verifyId);
        send(finalReply);
        return;
      }
      if (next != null) request(next);
      done.answer.set(answer);
    }

    /** The verify result: sent now, or once Node has answered the lookup in flight. */
    void finish(JsonObject reply) {
      synchronized (this) {
        result = reply;
        waiting.clear();
        if (inFlight != null) return;
      }
      lookups.remove(verifyId);
      send(reply);
    }

    private void request(Lookup lookup) {
      JsonObject path = new JsonObject();
      path.addProperty("path", lookup.path);
      JsonObject message = new JsonObject();
      message.addProperty("server_request_id", verifyId);
      message.addProperty("action", "fetch_firestore_document");
      message.add("context", path);
      send(message);
    }
  }

  private static JsonObject reply(long id) {
    JsonObject reply = new JsonObject();
    reply.addProperty("id", id);
    reply.addProperty("status", "ok");
    reply.add("errors", new JsonArray());
    reply.add("warnings", new JsonArray());
    return reply;
  }

  private static JsonObject failure(long id, String error) {
    JsonObject reply = reply(id);
    reply.getAsJsonArray("errors").add(error);
    return reply;
  }

  private synchronized void send(JsonObject message) {
    protocol.println(message);
  }
}
