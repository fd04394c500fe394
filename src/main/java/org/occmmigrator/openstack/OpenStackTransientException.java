package org.occmmigrator.openstack;

/** A fault that retrying may cure: 5xx, timeouts, connection resets, 409 on a busy object, expired token. */
public class OpenStackTransientException extends RuntimeException {

  public OpenStackTransientException(String message, Throwable cause) {
    super(message, cause);
  }

  public OpenStackTransientException(String message) {
    super(message);
  }
}
