package org.occmmigrator.process.delegates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.exception.NotValidException;
import org.camunda.spin.Spin;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.occmmigrator.process.MigrationPlan;
import org.occmmigrator.process.MigrationProcess.Variable;

/** The confirmation is checked again on the server: Tasklist's form is not the only way to complete it. */
class ConfirmationChoicesListenerTest {

  private final ConfirmationChoicesListener listener = new ConfirmationChoicesListener();
  private final DelegateTask task = mock(DelegateTask.class);

  @Test
  void turnsTheTickedServicesIntoHandoversAndTheRestIntoDns() {
    answer(true, "[\"shop/api\"]", "[\"payments/gateway\"]");
    listener.notify(task);
    @SuppressWarnings("unchecked")
    ArgumentCaptor<Map<String, String>> handovers = ArgumentCaptor.forClass(Map.class);
    verify(task).setVariable(eq(Variable.HANDOVERS), handovers.capture());
    assertThat(handovers.getValue()).containsExactly(Map.entry("shop/frontend", "DNS"), Map.entry("shop/api", "MOVE_FIP"),
        Map.entry("payments/gateway", "PIN_FIP"));
  }

  @Test
  void refusesAServiceTickedForMoveAndPin() {
    answer(true, "[\"shop/api\"]", "[\"shop/api\"]");
    assertThatThrownBy(() -> listener.notify(task)).isInstanceOf(NotValidException.class).hasMessageContaining("choose one");
    verify(task, never()).setVariable(eq(Variable.HANDOVERS), org.mockito.ArgumentMatchers.any());
  }

  @Test
  void refusesAnUnknownService() {
    answer(true, "[\"shop/payroll\"]", null);
    assertThatThrownBy(() -> listener.notify(task)).isInstanceOf(NotValidException.class)
        .hasMessageContaining("shop/payroll is no public LoadBalancer Service");
  }

  @Test
  void refusesAConfirmationThatIsNoBoolean() {
    when(task.getVariable(Variable.CONFIRMED)).thenReturn("yes please");
    assertThatThrownBy(() -> listener.notify(task)).isInstanceOf(NotValidException.class);
  }

  private void answer(boolean confirmed, String move, String pin) {
    when(task.getVariable(Variable.CONFIRMED)).thenReturn(confirmed);
    when(task.getVariable("moveFloatingIp")).thenReturn(move == null ? null : Spin.JSON(move));
    when(task.getVariable("pinFloatingIp")).thenReturn(pin == null ? null : Spin.JSON(pin));
    var services = List.of("shop/frontend", "shop/api", "payments/gateway").stream()
        .map(s -> new MigrationPlan.ServicePlan(s, false, false, List.of(80), "a" + s, "id", "port", "198.51.100.1",
            "fip-id", "new", false, false, "sg", List.<String>of())).toList();
    var plan = new MigrationPlan("berlin-shop", "1.21.14", List.of("berlin-shop"), services, 0, List.of(), -1, -1, List.of());
    when(task.getVariable(Variable.INVENTORY)).thenReturn(Spin.JSON(
        new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(plan).toString()));
  }
}
