package org.occmmigrator.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;

/** Records to and from the JSON (Spin) variables Cockpit shows readably. */
final class ProcessJson {

  private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ProcessJson() {}

  static SpinJsonNode json(Object value) {
    try {
      return Spin.JSON(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException unexpected) {
      throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", unexpected);
    }
  }

  static <T> T read(Object variable, Class<T> type) {
    if (variable == null) {
      return null;
    }
    try {
      return MAPPER.readValue(variable.toString(), type);
    } catch (JsonProcessingException unreadable) {
      throw new IllegalStateException("Variable is not a " + type.getSimpleName() + ": " + unreadable.getMessage(), unreadable);
    }
  }

  static <T> T convert(Object value, Class<T> type) {
    return MAPPER.convertValue(value, type);
  }
}
