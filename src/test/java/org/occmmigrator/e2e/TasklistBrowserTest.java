package org.occmmigrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.occmmigrator.process.MigrationProcess;
import org.occmmigrator.process.MigrationProcess.Element;
import org.occmmigrator.process.MigrationProcess.Variable;
import org.occmmigrator.sandbox.SandboxCloud;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A support engineer in a real browser (Debian's headless Chromium): logs in to Tasklist, confirms a
 * migration choosing a FIP move, completes the handover task, and sees the migration in Cockpit.
 * Screenshots of the forms land in target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "occm.data-dir=target/browser-data")
@ActiveProfiles({"test", "demo", "sandbox", "fast-sandbox"})
class TasklistBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @LocalServerPort int port;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired SandboxCloud sandbox;
  WebDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void browser() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium is not installed (apt-get install chromium chromium-driver); CI installs it");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--window-size=1400,1100",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void supportEngineerConfirmsAndHandsOverInTasklistAndSeesTheMigrationInCockpit() throws Exception {
    ProcessInstance migration = runtimeService.createProcessInstanceByKey(MigrationProcess.KEY).businessKey("berlin-shop")
        .setVariables(Map.of(Variable.CLUSTER_ID, "berlin-shop")).execute();
    awaitTask(migration, Element.CONFIRM_MIGRATION);

    browser.get("http://127.0.0.1:" + port + "/camunda/app/tasklist/default/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[placeholder='Username']"))).sendKeys("support");
    browser.findElement(By.cssSelector("input[placeholder='Password']")).sendKeys("Sandbox!Migr8");
    browser.findElement(By.cssSelector("button[type='submit']")).click();

    openTask("All migration tasks", "Confirm migration of cluster berlin-shop");
    WebElement moveList = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form-field-checklist")));
    assertThat(moveList.getText()).contains("shop/api (198.51.100.21)");
    moveList.findElements(By.cssSelector("input[type=checkbox]")).get(1).click();          // shop/api: move its IP
    checkByLabel("I confirm: start the migration now (irreversible)");
    screenshot("confirm-migration");
    complete();

    awaitTask(migration, Element.APPROVE_FLOATING_IP_MOVE);
    assertThat(runtimeService.getVariable(migration.getId(), Variable.HANDOVERS).toString()).contains("shop/api=MOVE_FIP");
    openTask("Handover tasks", "Move the IP of shop/api — cluster berlin-shop");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fjs-container"), "198.51.100.21"));
    checkByLabel("Move the IP now");
    screenshot("handover-fip");
    complete();

    long deadline = System.currentTimeMillis() + 30_000;
    while (!"octavia".equals(sandbox.openStack().dataPlane("198.51.100.21", 443).api()) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(sandbox.openStack().dataPlane("198.51.100.21", 443).api()).as("the IP moved onto the Octavia LB").isEqualTo("octavia");

    browser.get("http://127.0.0.1:" + port + "/camunda/app/cockpit/default/#/process-instance/" + migration.getId());
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Migrate cluster to the external cloud provider"));
    screenshot("cockpit-migration");
  }

  private void openTask(String filter, String taskName) {
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[contains(text(),'" + filter + "')]"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[contains(text(),'" + taskName + "')]"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    var claim = browser.findElements(By.xpath("//*[normalize-space(text())='Claim']"));
    if (!claim.isEmpty() && claim.get(0).isDisplayed()) {
      claim.get(0).click();
    }
    // Tasklist keeps the form disabled until the task is claimed by the current user
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".disabled-form")));
  }

  private void checkByLabel(String label) {
    WebElement labelElement = wait.until(ExpectedConditions.elementToBeClickable(
        By.xpath("//label[contains(normalize-space(.),'" + label + "')]")));
    labelElement.click();
  }

  private void complete() {
    WebElement button = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[ng-click='complete()']")));
    // Tasklist's footer overlaps the button in a small window: click it as a script would
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(); arguments[0].click();", button);
  }

  private void awaitTask(ProcessInstance migration, String taskKey) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (taskService.createTaskQuery().processInstanceId(migration.getId()).taskDefinitionKey(taskKey).count() == 0) {
      assertThat(System.currentTimeMillis()).as("task " + taskKey + " within 60 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "screenshots", name + ".png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
