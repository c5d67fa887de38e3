package pixasocial.storagerules;

import com.google.firebase.rules.runtime.v1.ExpressionListValue;
import com.google.firebase.rules.runtime.v1.ExpressionMapValue;
import com.google.firebase.rules.runtime.v1.ExpressionPathSegmentValue;
import com.google.firebase.rules.runtime.v1.ExpressionPathValue;
import com.google.firebase.rules.runtime.v1.ExpressionValue;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import com.google.protobuf.NullValue;
import com.google.protobuf.util.Timestamps;
import com.google.type.LatLng;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/**
 * Rules values the runtime builds itself: scalars, paths, and Firestore documents. A document
 * arrives as the Firestore REST v1 JSON {@code {name, fields}} and becomes what
 * {@code firestore.get()} returns: a map with {@code data}, {@code id} and {@code __name__},
 * like {@code resource} in Firestore rules.
 */
final class RulesValues {
  private RulesValues() {}

  static ExpressionValue nullValue() {
    return ExpressionValue.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
  }

  static ExpressionValue boolValue(boolean value) {
    return ExpressionValue.newBuilder().setBoolValue(value).build();
  }

  static ExpressionValue stringValue(String value) {
    return ExpressionValue.newBuilder().setStringValue(value).build();
  }

  /** A path value from a slash-separated path; empty segments are dropped. */
  static ExpressionPathValue path(String slashPath) {
    ExpressionPathValue.Builder path = ExpressionPathValue.newBuilder();
    for (String segment : slashPath.split("/")) {
      if (!segment.isEmpty()) path.addSegments(ExpressionPathSegmentValue.newBuilder().setSimple(segment));
    }
    return path.build();
  }

  /** "/databases/(default)/documents/users/u1" from the path argument of firestore.get/exists. */
  static String slashPath(ExpressionValue pathArgument) {
    if (pathArgument.getKindCase() == ExpressionValue.KindCase.STRING_VALUE) return pathArgument.getStringValue();
    StringBuilder text = new StringBuilder();
    for (ExpressionPathSegmentValue segment : pathArgument.getPathValue().getSegmentsList()) {
      if (!segment.hasSimple()) throw new IllegalArgumentException("unresolved path segment: " + segment);
      text.append('/').append(segment.getSimple());
    }
    return text.toString();
  }

  /** The rules resource of a fetched document: {@code {__name__, id, data}}. */
  static ExpressionValue document(JsonObject document) {
    String name = document.has("name") ? document.get("name").getAsString() : "";
    ExpressionPathValue namePath = path(name);
    int segments = namePath.getSegmentsCount();
    String id = segments == 0 ? "" : namePath.getSegments(segments - 1).getSimple();
    JsonObject fields = document.has("fields") ? document.getAsJsonObject("fields") : new JsonObject();
    ExpressionMapValue resource =
        ExpressionMapValue.newBuilder()
            .putFields("__name__", ExpressionValue.newBuilder().setPathValue(namePath).build())
            .putFields("id", stringValue(id))
            .putFields("data", map(fields))
            .build();
    return ExpressionValue.newBuilder().setMapValue(resource).build();
  }

  private static ExpressionValue map(JsonObject fields) {
    ExpressionMapValue.Builder map = ExpressionMapValue.newBuilder();
    for (Map.Entry<String, JsonElement> field : fields.entrySet()) {
      map.putFields(field.getKey(), value(field.getValue().getAsJsonObject()));
    }
    return ExpressionValue.newBuilder().setMapValue(map).build();
  }

  /** One Firestore REST {@code Value}, e.g. {@code {"integerValue": "3"}}. */
  private static ExpressionValue value(JsonObject value) {
    ExpressionValue.Builder out = ExpressionValue.newBuilder();
    String kind = value.keySet().iterator().next();
    JsonElement v = value.get(kind);
    switch (kind) {
      case "nullValue":
        return nullValue();
      case "booleanValue":
        return out.setBoolValue(v.getAsBoolean()).build();
      case "integerValue":
        return out.setIntValue(Long.parseLong(v.getAsString())).build();
      case "doubleValue":
        return out.setFloatValue(v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() ? Double.parseDouble(v.getAsString()) : v.getAsDouble()).build();
      case "stringValue":
        return out.setStringValue(v.getAsString()).build();
      case "bytesValue":
        return out.setBytesValue(ByteString.copyFrom(Base64.getDecoder().decode(v.getAsString()))).build();
      case "referenceValue":
        return out.setPathValue(path(v.getAsString())).build();
      case "timestampValue":
        try {
          return out.setTimestampValue(Timestamps.parse(v.getAsString())).build();
        } catch (ParseException e) {
          throw new IllegalArgumentException("bad timestamp " + v, e);
        }
      case "geoPointValue": {
        JsonObject point = v.getAsJsonObject();
        double latitude = point.has("latitude") ? point.get("latitude").getAsDouble() : 0;
        double longitude = point.has("longitude") ? point.get("longitude").getAsDouble() : 0;
        return out.setLatlngValue(LatLng.newBuilder().setLatitude(latitude).setLongitude(longitude)).build();
      }
      case "arrayValue": {
        ExpressionListValue.Builder list = ExpressionListValue.newBuilder();
        JsonObject array = v.getAsJsonObject();
        if (array.has("values")) {
          for (JsonElement item : array.getAsJsonArray("values")) list.addValues(value(item.getAsJsonObject()));
        }
        return out.setListValue(list).build();
      }
      case "mapValue": {
        JsonObject map = v.getAsJsonObject();
        return map(map.has("fields") ? map.getAsJsonObject("fields") : new JsonObject());
      }
      default:
        throw new IllegalArgumentException("unsupported Firestore value kind " + kind);
    }
  }
}
