package io.stepwise.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver: no download, no network
 * (background networking, component updates and sync off), a fresh profile directory each time.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final String base;
    private final Path shots;

    Browser(Path profile, String base, Path shots) {
        for (String bin : List.of(CHROMIUM, DRIVER)) {
            if (!Files.isExecutable(Path.of(bin))) {
                String msg = bin + " not found; install it: apt-get install -y chromium chromium-driver";
                if ("true".equals(System.getenv("CI"))) {
                    Assertions.fail(msg);
                }
                Assumptions.abort(msg);
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        this.base = base;
        this.shots = shots;
    }

    void open(String path) {
        driver.get(base + path.substring(1));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Waits (up to 30 s, polling) until {@code condition} holds; fails with {@code what} otherwise. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("never saw: " + what + "; the browser is at " + driver.getCurrentUrl()
                    + " showing:\n" + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** The text of the element {@code css} once it is on the page. */
    String textOf(String css) {
        return await(css + " on the page", d -> d.findElements(By.cssSelector(css)).stream().findFirst()
                .map(WebElement::getText).orElse(null));
    }

    void signIn(String token) {
        open("/signin");
        find("#token").sendKeys(token);
        find("#signin").click();
        await("signed in", d -> d.getCurrentUrl().endsWith("/runs"));
    }

    void signOut() {
        driver.manage().deleteAllCookies();
    }

    /** A PNG of the page for docs/web-console.md, in the test's screenshot directory. */
    void screenshot(String name) throws IOException {
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
