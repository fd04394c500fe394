package org.occmmigrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceQuery;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.process.MigrationProcess.Element;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.sandbox.SandboxCloud;
import org.occmmigrator.testsupport.ApplicationLog;
import org.occmmigrator.testsupport.ApplicationLog.ExpectedError;
import org.occmmigrator.testsupport.RequiredTool;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A support engineer in a real browser (Debian's headless Chromium) migrates berlin-shop from Tasklist: starts
 * it from the start form (after a cluster that is not eligible was refused there), confirms it choosing a FIP move, hands the Services over (a bad hostname is refused
 * first), answers the escalation of another migration whose new load balancer failed, and cleans up; and sees the
 * migration in Cockpit. A screenshot of every form lands in target/screenshots (the README's come from there).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "occm.data-dir=target/browser-data")
@ActiveProfiles({"test", "demo", "sandbox", "fast-sandbox"})
@ExtendWith(OutputCaptureExtension.class)
class TasklistBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /**
   * The one ERROR line this test provokes: the refused hostname. Camunda wraps the task listener's NotValidException
   * (which it would log at DEBUG) in ENGINE-03051 and so logs the refused form at ERROR (ENGINE-16004).
   */
  private static final List<ExpectedError> EXPECTED_ERRORS = List.of(ExpectedError.of(
      "the engineer types a hostname that is none; Tasklist shows the refusal", "ENGINE-16004 .*'shop berlin' is not a hostname"));

  @LocalServerPort int port;
  @Autowired RuntimeService runtimeService;
  @Autowired HistoryService historyService;
  @Autowired TaskService taskService;
  @Autowired SandboxCloud sandbox;
  WebDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void browser() throws Exception {
    RequiredTool.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium and ChromeDriver are not installed: apt-get install chromium chromium-driver (.ci/run installs them)");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--window-size=1400,1100",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    // Tasklist re-renders its lists while they refresh, and its notifications briefly cover what lies below them
    wait.ignoring(StaleElementReferenceException.class).ignoring(ElementClickInterceptedException.class);
  }

  @AfterEach
  void close(CapturedOutput log) throws Exception {
    if (browser != null) {
      screenshot("last-page"); // where a failing run stopped
      browser.quit();
    }
    ApplicationLog.assertNoUnexpectedErrors(log, EXPECTED_ERRORS);
  }

  @Test
  void supportEngineerMigratesAClusterFromTasklistAndFollowsItInCockpit() throws Exception {
    // a second migration whose new load balancer fails in the cloud: it asks for a decision in "Escalations"
    sandbox.openStack().failOctaviaLoadBalancer("kube_service_kubernetes_media_streaming");
    ProcessInstance failing = runtimeService.createProcessInstanceByKey(MigrationProcess.KEY).businessKey("hamburg-media")
        .setVariables(Map.of(Variable.CLUSTER_ID, "hamburg-media", Variable.CONFIRMED, true)).execute();

    browser.get(baseUrl() + "/camunda/app/tasklist/default/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[placeholder='Username']"))).sendKeys("support");
    browser.findElement(By.cssSelector("input[placeholder='Password']")).sendKeys("Sandbox!Migr8");
    browser.findElement(By.cssSelector("button[type='submit']")).click();

    // 1. the start form
    clickText("Start process");
    clickText("Migrate cluster to the external cloud provider");
    type(field("Cluster id"), "cologne-new");
    clickButton("Start");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"),
        "Cluster 'cologne-new' cannot be migrated: Kubernetes 1.22.17 is not below the cut-off 1.22"));
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("cologne-new").count())
        .as("a refused start creates nothing").isZero();
    WebElement clusterId = field("Cluster id");
    clusterId.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    type(clusterId, "berlin-shop");
    screenshot("start-migration");
    clickButton("Start");
    ProcessInstanceQuery berlin = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("berlin-shop");
    String migration = awaitTask(Element.CONFIRM_MIGRATION, "berlin-shop").getProcessInstanceId();
    assertThat(berlin.singleResult().getId()).as("the cluster id is the business key").isEqualTo(migration);

    // 2. the confirmation: shop/api keeps its IP by a move, the others go by DNS
    openTask("All migration tasks", "Confirm migration of cluster berlin-shop");
    WebElement moveList = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form-field-checklist")));
    assertThat(moveList.getText()).contains("shop/frontend (198.51.100.20)", "shop/api (198.51.100.21)",
        "payments/gateway (198.51.100.22)");
    moveList.findElements(By.cssSelector("input[type=checkbox]")).get(1).click();
    checkByLabel("I confirm: start the migration now (irreversible)");
    screenshot("confirm-migration");
    complete();

    // 3. the floating-IP handover of shop/api
    awaitTask(Element.APPROVE_FLOATING_IP_MOVE, "berlin-shop");
    openTask("Handover tasks", "Move the IP of shop/api — cluster berlin-shop");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fjs-container"), "198.51.100.21"));
    assertThat(browser.findElement(By.tagName("body")).getText()).as("the handover deadline").contains("Due");
    checkByLabel("Move the IP now");
    screenshot("handover-fip");
    complete();
    awaitUntil("198.51.100.21 is served by the Octavia LB", () -> "octavia".equals(sandbox.openStack().dataPlane("198.51.100.21", 443).api()));

    // 4. the migration in Cockpit, waiting at the DNS handovers
    browser.manage().window().setSize(new Dimension(2400, 1100)); // the whole diagram, readable
    browser.get(baseUrl() + "/camunda/app/cockpit/default/#/process-instance/" + migration);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Migrate cluster to the external cloud provider"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".djs-element")));
    screenshot("cockpit-migration");
    browser.manage().window().setSize(new Dimension(1400, 1100));
    browser.get(baseUrl() + "/camunda/app/tasklist/default/");

    // 5. the DNS handovers: a hostname that is none is refused and the task stays open; then the real one
    String frontendIp = newIp("shop", "frontend");
    openTask("Handover tasks", "Switch DNS of shop/frontend — cluster berlin-shop");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fjs-container"), frontendIp));
    checkByLabel("DNS now answers the new IP");
    WebElement hostname = field("Hostname to check");
    type(hostname, "shop berlin");
    complete();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "'shop berlin' is not a hostname"));
    assertThat(taskService.createTaskQuery().processInstanceId(migration).taskDefinitionKey(Element.SWITCH_DNS).count())
        .as("refused: both DNS tasks still open").isEqualTo(2);
    sandbox.setDnsRecord("shop.berlin.example", frontendIp); // the customer switches the record
    hostname.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    type(hostname, "shop.berlin.example");
    type(field("TTL of the record"), "5"); // worker rotation waits this long after the switch: short for the test
    screenshot("handover-dns");
    complete();
    awaitUntil("one DNS task left", () -> taskService.createTaskQuery().processInstanceId(migration)
        .taskDefinitionKey(Element.SWITCH_DNS).count() == 1);
    openTask("Handover tasks", "Switch DNS of payments/gateway — cluster berlin-shop");
    checkByLabel("DNS now answers the new IP");
    complete();

    // 6. the escalation of the other migration
    awaitTask(Element.RESOLVE_LOAD_BALANCER_PROBLEM, "hamburg-media");
    openTask("Escalations", "New load balancers not ready — cluster hamburg-media");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fjs-container"),
        "kube_service_kubernetes_media_streaming"));
    assertThat(browser.findElement(By.cssSelector(".fjs-container")).getText())
        .contains("Decision needed — cluster hamburg-media", "Step: The new Octavia load balancers", "Check:");
    checkByLabel("Hand over to manual handling");
    screenshot("stalled-step");
    complete();
    awaitUntil("hamburg-media handed to manual handling", () -> historyService.createHistoricProcessInstanceQuery()
        .processInstanceId(failing.getId()).finished().count() == 1);

    // 7. the cleanup, once the workers are rotated
    awaitTask(Element.DECIDE_CLEANUP, "berlin-shop");
    openTask("All migration tasks", "Clean up old load balancers — cluster berlin-shop");
    checkByLabel("Delete them now");
    screenshot("cleanup");
    complete();
    awaitUntil("the migration of berlin-shop completes", () -> historyService.createHistoricProcessInstanceQuery()
        .processInstanceId(migration).finished().count() == 1);
    assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(migration).singleResult().getEndActivityId())
        .isEqualTo(Element.END_COMPLETED);
    assertThat(sandbox.openStack().dataPlane("198.51.100.20", 80).served()).as("the old LB of shop/frontend is gone").isFalse();
    assertThat(sandbox.openStack().dataPlane("198.51.100.21", 443).api()).as("shop/api kept its IP").isEqualTo("octavia");
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  private String newIp(String namespace, String name) {
    return sandbox.userClusterClient("berlin-shop").services().inNamespace(namespace).withName(name).get()
        .getStatus().getLoadBalancer().getIngress().get(0).getIp();
  }

  private void clickText(String text) {
    click(By.xpath("//a[contains(normalize-space(.),'" + text + "')]"));
  }

  /**
   * Clicks what the locator finds once it is clickable; again if Tasklist re-rendered it in between or something lay
   * over it. Scrolled to the middle of the window first: Tasklist's fixed footer covers the bottom of a long form.
   */
  private void click(By target) {
    wait.until(driver -> {
      WebElement element = ExpectedConditions.elementToBeClickable(target).apply(driver);
      if (element == null) {
        return false;
      }
      ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
      element.click();
      return true;
    });
  }

  /** The input of a form field, by the beginning of its label. */
  private WebElement field(String label) {
    WebElement labelElement = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.xpath("//label[starts-with(normalize-space(.),'" + label + "')]")));
    return browser.findElement(By.id(labelElement.getAttribute("for")));
  }

  /** Types into a form field and leaves it: form-js debounces typing, leaving the field hands the value over at once. */
  private static void type(WebElement input, String text) {
    input.sendKeys(text, Keys.TAB);
  }

  private void clickButton(String text) {
    WebElement button = wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space(.)='" + text + "']")));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(); arguments[0].click();", button);
  }

  private void openTask(String filter, String taskName) {
    click(By.xpath("//*[contains(text(),'" + filter + "')]"));
    click(By.xpath("//*[contains(text(),'" + taskName + "')]"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    var claim = browser.findElements(By.xpath("//*[normalize-space(text())='Claim']"));
    if (!claim.isEmpty() && claim.get(0).isDisplayed()) {
      claim.get(0).click();
    }
    // Tasklist keeps the form disabled until the task is claimed by the current user
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".disabled-form")));
  }

  private void checkByLabel(String label) {
    click(By.xpath("//label[contains(normalize-space(.),'" + label + "')]"));
  }

  private void complete() {
    WebElement button = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[ng-click='complete()']")));
    // Tasklist's footer overlaps the button in a small window: click it as a script would
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(); arguments[0].click();", button);
  }

  private Task awaitTask(String taskKey, String clusterId) throws InterruptedException {
    awaitUntil("task " + taskKey + " of " + clusterId, () -> taskService.createTaskQuery().processInstanceBusinessKey(clusterId)
        .taskDefinitionKey(taskKey).count() > 0);
    return taskService.createTaskQuery().processInstanceBusinessKey(clusterId).taskDefinitionKey(taskKey).list().get(0);
  }

  private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as(what + " within 90 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private void screenshot(String name) throws Exception {
    // close notifications of earlier steps (e.g. the refused hostname) so that they do not cover the form
    ((JavascriptExecutor) browser).executeScript("document.querySelectorAll('.notifications .close').forEach(b => b.click())");
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "screenshots", name + ".png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
