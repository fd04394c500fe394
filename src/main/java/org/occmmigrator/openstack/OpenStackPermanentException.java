package org.occmmigrator.openstack;

/** An outcome retrying will not change: not found, forbidden, over quota, ERROR state, refused request. */
public class OpenStackPermanentException extends RuntimeException {

  public OpenStackPermanentException(String message) {
    super(message);
  }

  public OpenStackPermanentException(String message, Throwable cause) {
    super(message, cause);
  }
}
