package org.occmmigrator.process.validation;

import java.util.List;
import java.util.Map;

/**
 * An answer to a form, its values already in their canonical shapes ({@link FieldType#canonical}): what the
 * validators check. A field that was not submitted is absent (null).
 */
public record TaskAnswer(Map<String, Object> values) {

  public String text(String field) {
    return (String) values.get(field);
  }

  public Boolean bool(String field) {
    return (Boolean) values.get(field);
  }

  public Long number(String field) {
    return (Long) values.get(field);
  }

  @SuppressWarnings("unchecked")
  public List<String> texts(String field) {
    Object value = values.get(field);
    return value == null ? List.of() : (List<String>) value;
  }

  /** True when the field holds text other than blanks. */
  public boolean hasText(String field) {
    String text = text(field);
    return text != null && !text.isBlank();
  }
}
