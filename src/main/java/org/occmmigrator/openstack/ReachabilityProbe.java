package org.occmmigrator.openstack;

/** Is this public address served? Production connects over TCP; the sandbox asks its data plane. */
public interface ReachabilityProbe {

  boolean served(String address, int port);
}
