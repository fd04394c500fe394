package org.occmmigrator.process;

import java.time.Instant;

/**
 * How one public service was handed over; the process variable {@code outcome:<namespace>/<name>},
 * written by the handover steps, read by the interlock and the report.
 */
public record ServiceOutcome(
    String service,
    String handover,
    String decision,
    String waiverReason,
    String dnsHostname,
    Integer dnsTtlSeconds,
    Instant confirmedAt,
    String oldIp,
    String newIp,
    Instant fipMoveRequestedAt,
    Instant fipArrivedAt,
    Long unattachedMillis,
    Long moveApiMillis,
    Boolean movedInOneCall,
    String replacedFloatingIpId,
    Boolean servedAfterMove) {

  public static String variableName(String service) {
    return "outcome:" + service;
  }

  public static ServiceOutcome start(String service, String handover, ServiceDetails details) {
    return new ServiceOutcome(service, handover, null, null, null, null, null, details == null ? null : details.oldIp(),
        details == null ? null : details.newIp(), null, null, null, null, null, null, null);
  }

  public boolean waived() {
    return "WAIVE".equals(decision);
  }

  public ServiceOutcome withDecision(String decision, String waiverReason, String dnsHostname, Integer ttl, Instant at) {
    return new ServiceOutcome(service, handover, decision, waiverReason, dnsHostname, ttl, at, oldIp, newIp,
        fipMoveRequestedAt, fipArrivedAt, unattachedMillis, moveApiMillis, movedInOneCall, replacedFloatingIpId, servedAfterMove);
  }

  /**
   * The FIP move's timings: {@code unattachedMillis} is how long the customer's address was on no port (0 for a
   * one-PUT move), {@code moveApiMillis} how long Neutron took to answer, from the request to the confirmation.
   */
  public ServiceOutcome withMove(Instant requested, Instant arrived, long unattachedMillis, boolean oneCall,
      String replacedFloatingIpId) {
    return new ServiceOutcome(service, handover, decision, waiverReason, dnsHostname, dnsTtlSeconds, confirmedAt, oldIp,
        newIp, requested, arrived, unattachedMillis, java.time.Duration.between(requested, arrived).toMillis(), oneCall,
        replacedFloatingIpId, null);
  }

  public ServiceOutcome withServed(boolean served) {
    return new ServiceOutcome(service, handover, decision, waiverReason, dnsHostname, dnsTtlSeconds, confirmedAt, oldIp,
        newIp, fipMoveRequestedAt, fipArrivedAt, unattachedMillis, moveApiMillis, movedInOneCall, replacedFloatingIpId, served);
  }
}
