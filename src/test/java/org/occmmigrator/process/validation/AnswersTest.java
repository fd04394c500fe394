package org.occmmigrator.process.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.spin.Spin;
import org.junit.jupiter.api.Test;

/** The per-form validators (petclinic's PetValidator style), through {@link Answers#errors}. */
class AnswersTest {

  @Test
  void acceptsTheAnswersTheFormsGive() {
    assertThat(Answers.errors("handover-dns", Map.of("handoverDecision", "DONE", "dnsHostname", "shop.example.com",
        "dnsTtlSeconds", 300))).isEmpty();
    assertThat(Answers.errors("handover-fip", Map.of("handoverDecision", "WAIVE", "waiverReason", "customer keeps the old IP"))).isEmpty();
    assertThat(Answers.errors("cleanup", Map.of("cleanup", "KEEP", "keepReason", "customer wants a week", "releaseDnsFloatingIps", false))).isEmpty();
    assertThat(Answers.errors("stalled-step", Map.of("decision", "WAIT_LONGER"))).isEmpty();
    assertThat(Answers.errors("confirm-migration", Map.of("confirmed", true, "moveFloatingIp", Spin.JSON("[\"shop/api\"]"),
        "pinFloatingIp", List.of("payments/gateway")))).isEmpty();
    assertThat(Answers.errors("start-migration", Map.of("clusterId", "berlin-shop"))).isEmpty();
  }

  @Test
  void refusesAFieldTheFormDoesNotHave() {
    assertThat(Answers.errors("handover-fip", Map.of("handoverDecision", "DONE", "details", "{}")))
        .containsExactly("details: is no field of this task's form (it accepts handoverDecision, waiverReason)");
    assertThat(Answers.errors(null, Map.of("anything", "x"))).hasSize(1);
  }

  @Test
  void refusesValuesOfTheWrongType() {
    assertThat(Answers.errors("confirm-migration", Map.of("confirmed", 1))).containsExactly("confirmed: must be true or false");
    assertThat(Answers.errors("handover-dns", Map.of("handoverDecision", "DONE", "dnsTtlSeconds", "300")))
        .containsExactly("dnsTtlSeconds: must be a whole number");
    assertThat(Answers.errors("confirm-migration", Map.of("moveFloatingIp", "shop/api"))).containsExactly("moveFloatingIp: must be a list of texts");
    assertThat(Answers.errors("start-migration", Map.of("clusterId", 42))).containsExactly("clusterId: must be text");
  }

  @Test
  void escalationsAcceptOnlyTheirTwoChoices() {
    assertThat(Answers.errors("stalled-step", Map.of("decision", "WAIT_LONGR")))
        .containsExactly("decision: must be WAIT_LONGER or MANUAL, not 'WAIT_LONGR'");
    assertThat(Answers.errors("stalled-step", Map.of())).containsExactly("decision: must be WAIT_LONGER or MANUAL, not missing");
  }

  @Test
  void handoversNeedADecisionAWaiverAReasonAndSaneDnsValues() {
    assertThat(Answers.errors("handover-dns", Map.of())).containsExactly("handoverDecision: must be DONE or WAIVE, not missing");
    assertThat(Answers.errors("handover-dns", Map.of("handoverDecision", "WAIVE", "waiverReason", "no")))
        .containsExactly("waiverReason: A waiver of the handover needs a reason (at least 10 characters)");
    assertThat(Answers.errors("handover-dns", Map.of("handoverDecision", "DONE", "dnsTtlSeconds", 604_801)))
        .containsExactly("dnsTtlSeconds: must be between 0 and 604800 (seconds)");
    assertThat(Answers.errors("handover-dns", Map.of("handoverDecision", "DONE", "dnsTtlSeconds", -1))).hasSize(1);
    assertThat(Answers.errors("handover-dns", Map.of("handoverDecision", "DONE", "dnsHostname", "shop example.com")))
        .containsExactly("dnsHostname: 'shop example.com' is not a hostname");
    assertThat(Answers.errors("handover-dns", Map.of("handoverDecision", "DONE", "dnsHostname", "a".repeat(254)))).hasSize(1);
  }

  @Test
  void cleanupNeedsAChoiceAndAReasonToKeep() {
    assertThat(Answers.errors("cleanup", Map.of("cleanup", "LATER"))).hasSize(1);
    assertThat(Answers.errors("cleanup", Map.of("cleanup", "KEEP")))
        .containsExactly("keepReason: Keeping the old load balancers needs a reason (at least 10 characters)");
  }

  @Test
  void confirmationsNameServicesOnceAndInOneListOnly() {
    assertThat(Answers.errors("confirm-migration", Map.of("confirmed", true, "moveFloatingIp", List.of("shop/api"),
        "pinFloatingIp", List.of("shop/api")))).containsExactly("pinFloatingIp: shop/api is ticked for both a move and a pin of its IP: choose one");
    assertThat(Answers.errors("confirm-migration", Map.of("moveFloatingIp", List.of("shop/api", "shop/api")))).hasSize(1);
    assertThat(Answers.errors("confirm-migration", Map.of("moveFloatingIp", List.of("not a service")))).hasSize(1);
  }

  @Test
  void startNeedsAClusterIdOfKkpsShape() {
    assertThat(Answers.errors("start-migration", Map.of())).containsExactly("clusterId: is required");
    assertThat(Answers.errors("start-migration", Map.of("clusterId", "Berlin"))).hasSize(1);
    assertThat(Answers.errors("start-migration", Map.of("clusterId", "a".repeat(64)))).hasSize(1);
    assertThat(Answers.errors("start-migration", Map.of("clusterId", "a".repeat(63)))).isEmpty();
  }
}
