package org.occmmigrator.process.delegates;

import java.time.Clock;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.occmmigrator.process.HandoverSteps;
import org.occmmigrator.process.MigrationProcess.ErrorCode;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.process.ProcessVariables;
import org.occmmigrator.process.ServiceDetails;
import org.occmmigrator.process.ServiceOutcome;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** With a hostname given, DNS must answer the new IP; it is re-checked until twice the old TTL has passed. */
@Component
class CheckDnsRecordDelegate implements JavaDelegate {

  private final HandoverSteps handover;
  private final Clock clock;
  private final Duration minimumWait;

  CheckDnsRecordDelegate(HandoverSteps handover, Clock clock,
      @Value("${occm.migration.dns-check-minimum:PT10M}") Duration minimumWait) {
    this.handover = handover;
    this.clock = clock;
    this.minimumWait = minimumWait;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String service = (String) execution.getVariable(Variable.SERVICE);
    ServiceOutcome outcome = ProcessVariables.outcome(execution, service);
    ServiceDetails details = ProcessVariables.details(execution);
    if (outcome == null || outcome.dnsHostname() == null) {
      ProcessVariables.checked(execution, true); // the engineer confirmed the switch; nothing to resolve
      return;
    }
    if (handover.dnsAnswersNewIp(outcome.dnsHostname(), details.newIp())) {
      ProcessVariables.checked(execution, true);
      return;
    }
    int ttl = outcome.dnsTtlSeconds() == null ? 0 : outcome.dnsTtlSeconds();
    Duration patience = Duration.ofSeconds(2L * ttl).compareTo(minimumWait) > 0 ? Duration.ofSeconds(2L * ttl) : minimumWait;
    if (clock.instant().isAfter(outcome.confirmedAt().plus(patience))) {
      throw new BpmnError(ErrorCode.DNS_NOT_SWITCHED, outcome.dnsHostname() + " still answers "
          + handover.dnsAnswers(outcome.dnsHostname()) + " instead of " + details.newIp() + " after " + patience);
    }
    ProcessVariables.checked(execution, false);
  }
}
