package org.occmmigrator.openstack;

/**
 * A floating-IP move that Neutron refused after the address had left its old port. {@code onOldPort} says whether
 * the adapter could put it back (customer traffic then flows through the old load balancer again); if not, the
 * message says how to attach it by hand. {@code detachedFloatingIpId} is OCCM's FIP that was detached from the target
 * port before the move (null if none), so that whoever handles the failure can release it.
 */
public class FloatingIpMoveFailed extends OpenStackPermanentException {

  private final boolean onOldPort;
  private final String detachedFloatingIpId;

  public FloatingIpMoveFailed(String message, boolean onOldPort, String detachedFloatingIpId, Throwable cause) {
    super(message, cause);
    this.onOldPort = onOldPort;
    this.detachedFloatingIpId = detachedFloatingIpId;
  }

  public boolean onOldPort() {
    return onOldPort;
  }

  public String detachedFloatingIpId() {
    return detachedFloatingIpId;
  }
}
