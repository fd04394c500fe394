package org.occmmigrator.api;

/**
 * The shapes of the ids the API accepts, checked before anything is looked up (a 10,000-character id is a 400,
 * not a call to the seed).
 */
final class Ids {

  /** A KKP cluster id: a DNS label (lower-case letters, digits, inner dashes; 1 to 63 characters). */
  static final String CLUSTER_ID = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
  static final String CLUSTER_ID_MESSAGE = "must be a KKP cluster id (lower-case letters, digits and dashes, at most 63 characters)";
  /** A Service: namespace/name, both DNS labels. */
  static final String SERVICE = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
  /** A migration: the process instance id Camunda generated (a UUID). */
  static final String MIGRATION_ID = "[A-Za-z0-9-]{1,64}";
  static final String MIGRATION_ID_MESSAGE = "must be a migration id";
  /** The highest page number: keeps page × size inside the engine's int paging. */
  static final int MAX_PAGE = 1_000_000;

  private Ids() {}
}
