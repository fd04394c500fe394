package org.occmmigrator.sandbox.openstack;

import java.time.Instant;
import java.util.Map;

/** A timestamped change in the emulated cloud, e.g. a floating IP leaving one port for another. */
public record CloudEvent(Instant at, String type, Map<String, String> details) {}
