package org.occmmigrator.platform;

/**
 * A cluster's OpenStack credentials, read from its KKP Secret. Held in memory only: never a process
 * variable, never logged ({@link #toString()} shows no secret).
 */
public record OpenStackCredentials(
    String username,
    String password,
    String projectId,
    String projectName,
    String domain,
    String applicationCredentialId,
    String applicationCredentialSecret) {

  public boolean isApplicationCredential() {
    return applicationCredentialId != null && !applicationCredentialId.isBlank();
  }

  @Override
  public String toString() {
    return isApplicationCredential()
        ? "OpenStackCredentials[applicationCredentialId=" + applicationCredentialId + ", secret=***]"
        : "OpenStackCredentials[username=" + username + ", domain=" + domain + ", project="
            + (projectId != null ? projectId : projectName) + ", password=***]";
  }
}
