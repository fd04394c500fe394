package org.occmmigrator.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables of an engine REST request body ({@code {"name": {"value": …, "type": "String", "valueInfo": …}}})
 * as the Java values the engine would store, for the answer rules. Only the types a form submits are taken:
 * String, Boolean, Integer, Long, Short, Double, Null, Json, and Object only as a JSON list
 * ({@code java.util.ArrayList}); a value naming another Java class, bytes, files or dates is refused.
 */
final class RestVariables {

  /** The values, or the errors ("name: why") when a value is of a type an answer never has. */
  record Parsed(Map<String, Object> values, List<String> errors) {}

  private static final Set<String> LIST_CLASSES = Set.of("java.util.ArrayList", "java.util.List",
      "java.util.ArrayList<java.lang.String>", "java.util.List<java.lang.String>");

  private RestVariables() {}

  static Parsed parse(JsonNode variables, ObjectMapper json) {
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    if (variables == null || variables.isNull()) {
      return new Parsed(values, errors);
    }
    if (!variables.isObject()) {
      return new Parsed(values, List.of("variables: must be an object of name to {value, type}"));
    }
    variables.fields().forEachRemaining(entry -> {
      String name = entry.getKey();
      JsonNode variable = entry.getValue();
      if (!variable.isObject()) {
        errors.add(name + ": must be {\"value\": …, \"type\": …}");
        return;
      }
      try {
        values.put(name, value(variable, json));
      } catch (IllegalArgumentException refused) {
        errors.add(name + ": " + refused.getMessage());
      }
    });
    return new Parsed(values, errors);
  }

  private static Object value(JsonNode variable, ObjectMapper json) {
    JsonNode value = variable.get("value");
    String type = variable.hasNonNull("type") ? variable.get("type").asText() : null;
    if (value == null || value.isNull()) {
      if (type == null || type.equalsIgnoreCase("Null") || isPrimitive(type)) {
        return null;
      }
    }
    if (type == null) {
      return natural(value, json);
    }
    return switch (type.toLowerCase(java.util.Locale.ROOT)) {
      case "string" -> value.isTextual() ? value.asText() : mistyped(type);
      case "boolean" -> value.isBoolean() ? value.asBoolean() : mistyped(type);
      case "integer", "short" -> value.isInt() ? value.asInt() : mistyped(type);
      case "long" -> value.isIntegralNumber() && value.canConvertToLong() ? value.asLong() : mistyped(type);
      case "double" -> value.isNumber() ? value.asDouble() : mistyped(type);
      case "json" -> value.isTextual() ? value.asText() : mistyped(type);
      case "object" -> {
        JsonNode info = variable.path("valueInfo");
        String format = info.path("serializationDataFormat").asText("application/json");
        String objectType = info.path("objectTypeName").asText("");
        if (!format.startsWith("application/json") || !LIST_CLASSES.contains(objectType.replace(" ", ""))) {
          throw new IllegalArgumentException("an Object value must be a JSON list (java.util.ArrayList), not '"
              + objectType + "' as " + format);
        }
        yield value.isTextual() ? value.asText() : natural(value, json);
      }
      default -> throw new IllegalArgumentException("type " + type + " is no type a task answer has");
    };
  }

  private static boolean isPrimitive(String type) {
    return Set.of("string", "boolean", "integer", "short", "long", "double", "json").contains(type.toLowerCase(java.util.Locale.ROOT));
  }

  private static Object mistyped(String type) {
    throw new IllegalArgumentException("the value is no " + type);
  }

  /** A value without a type, as Camunda's REST API takes it: its JSON kind decides. */
  private static Object natural(JsonNode value, ObjectMapper json) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isInt()) {
      return value.asInt();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isArray()) {
      return json.convertValue(value, List.class);
    }
    throw new IllegalArgumentException("must be text, a number, true/false or a list");
  }
}
