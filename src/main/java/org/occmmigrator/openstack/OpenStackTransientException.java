package org.occmmigrator.openstack;

/** A fault that retrying may cure: 5xx, timeouts, connection resets, 409 on a busy object, expired token. */
public class OpenStackTransientException extends RuntimeException {

  private final boolean repeatable;

  public OpenStackTransientException(String message, Throwable cause) {
    this(message, cause, true);
  }

  public OpenStackTransientException(String message) {
    this(message, null, true);
  }

  /** {@code repeatable}: whether sending the same request again within seconds may cure it (see OpenStackSessions). */
  public OpenStackTransientException(String message, Throwable cause, boolean repeatable) {
    super(message, cause);
    this.repeatable = repeatable;
  }

  public boolean repeatable() {
    return repeatable;
  }
}
