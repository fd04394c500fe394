package org.occmmigrator.openstack;

import java.util.regex.Pattern;

/**
 * Does a refused floating-IP PUT say that the cloud will not re-bind an associated FIP directly? Upstream Neutron
 * moves an associated FIP in one PUT (verified on Zed), so only some Neutron-compatible SDNs answer like this; the
 * move then detaches and attaches. Other refusals must not lead to a detach: 409 FloatingIPPortAlreadyAssociated
 * means the target port has another FIP ("…already has a floating IP on external network…"), 404 an unknown or
 * foreign port, 400 a bad request — detaching would only take the customer's address off its working port.
 */
final class RebindRefusal {

  /** The floating IP itself is associated/in use and must be disassociated first. */
  private static final Pattern REBIND_REFUSED = Pattern.compile(
      "(?is)(floating ?ip\\S*\\s.*\\b(is|already)\\s+(already\\s+)?(associated|bound|in use)|disassociate\\b.*\\bfirst)");

  private RebindRefusal() {}

  static boolean says(int status, String message) {
    if ((status != 400 && status != 409) || message == null) {
      return false;
    }
    if (message.contains("FloatingIPPortAlreadyAssociated") || message.contains("already has a floating IP")) {
      return false;
    }
    return REBIND_REFUSED.matcher(message).find();
  }
}
