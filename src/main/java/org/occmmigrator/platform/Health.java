package org.occmmigrator.platform;

/** A control-plane component's health as KKP reports it in status.extendedHealth. */
public enum Health {
  DOWN, UP, PROVISIONING, UNKNOWN;

  /** Reads both encodings: integers 0/1/2 (KKP ≤ 2.20) and strings HealthStatusDown/Up/Provisioning. */
  static Health parse(Object value) {
    if (value instanceof Number number) {
      return switch (number.intValue()) {
        case 0 -> DOWN;
        case 1 -> UP;
        case 2 -> PROVISIONING;
        default -> UNKNOWN;
      };
    }
    if (value instanceof String text) {
      return switch (text) {
        case "HealthStatusDown", "0" -> DOWN;
        case "HealthStatusUp", "1" -> UP;
        case "HealthStatusProvisioning", "2" -> PROVISIONING;
        default -> UNKNOWN;
      };
    }
    return UNKNOWN;
  }
}
