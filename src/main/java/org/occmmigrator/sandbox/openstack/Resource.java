package org.occmmigrator.sandbox.openstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An OpenStack API object as its JSON body: a map, written out as it is. */
final class Resource extends LinkedHashMap<String, Object> {

  Resource(Map<String, ?> fields) {
    super(fields);
  }

  String id() {
    return str("id");
  }

  String str(String key) {
    Object value = get(key);
    return value == null ? null : value.toString();
  }

  int integer(String key) {
    Object value = get(key);
    return value instanceof Number n ? n.intValue() : value == null ? 0 : Integer.parseInt(value.toString());
  }

  /** Lists of {"id": …} references, as LBaaS and Octavia write them. */
  @SuppressWarnings("unchecked")
  List<String> refs(String key) {
    Object value = get(key);
    List<String> ids = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        ids.add(item instanceof Map<?, ?> map ? String.valueOf(((Map<String, Object>) map).get("id")) : String.valueOf(item));
      }
    }
    return ids;
  }

  static List<Map<String, String>> refList(List<String> ids) {
    return ids.stream().map(id -> Map.of("id", id)).toList();
  }

  boolean matches(Map<String, String> filters) {
    for (var filter : filters.entrySet()) {
      Object value = get(filter.getKey());
      // Neutron reads boolean filters as booleans: router:external=True, =true and =1 all match
      boolean equal = value instanceof Boolean flag
          ? flag == (filter.getValue().equalsIgnoreCase("true") || filter.getValue().equals("1"))
          : String.valueOf(value).equals(filter.getValue());
      if (!containsKey(filter.getKey()) || !equal) {
        return false;
      }
    }
    return true;
  }
}
