package org.occmmigrator.platform;

/** A MachineDeployment's rollout state (cluster.k8s.io/v1alpha1 has no conditions: count replicas). */
public record MachineDeploymentStatus(
    String name,
    long generation,
    long observedGeneration,
    int specReplicas,
    int replicas,
    int updatedReplicas,
    int availableReplicas,
    String rotatedBy) {

  public boolean rolloutComplete() {
    return observedGeneration >= generation && updatedReplicas == specReplicas && replicas == specReplicas
        && availableReplicas == specReplicas;
  }
}
