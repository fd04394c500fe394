package org.occmmigrator.process.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;

/**
 * The kinds of value a form field submits, and how a submitted value becomes the one Java shape the validators
 * read: {@code TEXT} a String, {@code BOOLEAN} a Boolean, {@code WHOLE_NUMBER} a Long, {@code TEXT_LIST} a
 * List of Strings (Tasklist sends a checklist as a JSON array). A value of another shape is refused with a
 * sentence naming what was expected, so that {@code "confirmed": 1} is an error and not a yes.
 */
public enum FieldType {
  TEXT, BOOLEAN, WHOLE_NUMBER, TEXT_LIST;

  /** The value in its canonical shape (null stays null); IllegalArgumentException saying what is expected. */
  public Object canonical(Object value) {
    if (value == null) {
      return null;
    }
    return switch (this) {
      case TEXT -> {
        if (value instanceof String text) {
          yield text;
        }
        throw new IllegalArgumentException("must be text");
      }
      case BOOLEAN -> {
        if (value instanceof Boolean flag) {
          yield flag;
        }
        throw new IllegalArgumentException("must be true or false");
      }
      case WHOLE_NUMBER -> {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
          yield ((Number) value).longValue();
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
          yield d.longValue();
        }
        throw new IllegalArgumentException("must be a whole number");
      }
      case TEXT_LIST -> texts(value);
    };
  }

  private static List<String> texts(Object value) {
    List<String> texts = new ArrayList<>();
    if (value instanceof Collection<?> values) {
      for (Object element : values) {
        if (!(element instanceof String text)) {
          throw new IllegalArgumentException("must be a list of texts");
        }
        texts.add(text);
      }
      return texts;
    }
    SpinJsonNode json;
    try {
      json = value instanceof SpinJsonNode node ? node : value instanceof String text ? Spin.JSON(text) : null;
    } catch (RuntimeException notJson) {
      json = null;
    }
    if (json == null || !json.isArray()) {
      throw new IllegalArgumentException("must be a list of texts");
    }
    for (SpinJsonNode element : json.elements()) {
      if (!element.isString()) {
        throw new IllegalArgumentException("must be a list of texts");
      }
      texts.add(element.stringValue());
    }
    return texts;
  }
}
