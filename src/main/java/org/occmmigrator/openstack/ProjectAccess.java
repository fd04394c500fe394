package org.occmmigrator.openstack;

import org.occmmigrator.platform.OpenStackCredentials;

/** How to reach one cluster's OpenStack project: the datacenter's Keystone and region, and its credentials. */
public record ProjectAccess(String authUrl, String region, String endpointInterface, OpenStackCredentials credentials) {

  /** Identifies the cached token; contains no secret. */
  String tokenKey() {
    return authUrl + "|" + region + "|" + (credentials.isApplicationCredential()
        ? "appcred:" + credentials.applicationCredentialId()
        : credentials.domain() + "/" + credentials.username() + "@" + (credentials.projectId() != null
            ? credentials.projectId() : credentials.projectName()));
  }

  @Override
  public String toString() {
    return "ProjectAccess[" + tokenKey() + "]";
  }
}
