package dev.feedloop.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for page tests, signed in through the real login page of the test server.
 * Tests that need it are skipped (not failed) on machines without Debian's {@code chromium} and
 * {@code chromium-driver} packages. Screenshots go to {@code target/screenshots/}.
 *
 * <p>Starting Chromium costs more than most page tests, so {@link #close()} keeps the process for
 * the next {@link #open}: it closes every tab, opens a blank one and deletes all cookies and the
 * storage of the test server's origin, so each test still starts signed out with nothing saved and
 * with an empty console log ({@link #consoleErrors()}). A browser whose reset fails is quit instead.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final Deque<Browser> idle = new ArrayDeque<>();
    private static boolean quitAtExit;

    private final ChromeDriver driver;
    private final Path profile;
    private String baseUrl;

    private Browser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
    }

    /**
     * A browser with no cookies and no saved data for the server on {@code port}; skips the test
     * without Chromium.
     */
    public static Browser open(int port) {
        return open("localhost", port);
    }

    /**
     * Like {@link #open(int)}, for the test server under another name of this machine (such as
     * {@code 127.0.0.1}, when {@code localhost} is another server's in the same test).
     */
    public static Browser open(String host, int port) {
        String baseUrl = "http://" + host + ":" + port;
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (Debian packages chromium and chromium-driver); skipped.");
        synchronized (idle) {
            Browser kept = idle.poll();
            if (kept != null) {
                kept.baseUrl = baseUrl;
                // reading the console log empties it: what an earlier test's pages logged (up to
                // their tabs' closing) is not this test's
                kept.driver.manage().logs().get(LogType.BROWSER);
                // and an earlier test's phone width is not this test's either
                kept.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 720));
                return kept;
            }
        }
        return start(baseUrl);
    }

    private static Browser start(String baseUrl) {
        try {
            Path profile = Files.createTempDirectory("feedloop-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--window-size=1280,720",
                    "--lang=en-US",
                    "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile, baseUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code path} on the test server. */
    public Browser go(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /** Signs in through the login page, as a person would. */
    public Browser signIn(String username) {
        go("/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(TestData.PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit].btn-primary"))
                .click();
        waitUntil(d -> !d.getCurrentUrl().contains("/login"));
        return this;
    }

    /**
     * Signs in again on the login page the browser is on (after "Sign in again" on a page whose
     * session ended) and waits until it has left the login page.
     */
    public Browser signInHere(String username) {
        waitUntil(d -> path().startsWith("/login"));
        find("#username").sendKeys(username);
        find("#password").sendKeys(TestData.PASSWORD);
        find("form button[type=submit].btn-primary").click();
        waitUntil(d -> !path().startsWith("/login"));
        return this;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public java.util.List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits (up to 10 s) until {@code condition} holds, failing the test otherwise. */
    public <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(condition);
    }

    public Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    /**
     * The elements that reach past the window's right edge, outside tables that scroll on their
     * own (inside {@code .table-wrap}, which must fit itself), and the page itself when it scrolls sideways; empty when the
     * page fits the window's width.
     */
    public String widerThanWindow() {
        return (String) script("""
                var w = document.documentElement.clientWidth, wide = [];
                document.querySelectorAll('body *').forEach(function (e) {
                  if (e.getBoundingClientRect().right > w + 1 && !(e.parentElement && e.parentElement.closest('.table-wrap'))) {
                    wide.push(e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
                  }
                });
                if (document.documentElement.scrollWidth > w + 1) {
                  wide.push('page ' + document.documentElement.scrollWidth);
                }
                return wide.join(', ');""");
    }

    /**
     * The errors the pages wrote to the browser's console (script errors, failed loads, CSP
     * refusals) since the last call.
     */
    public java.util.List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(entry -> entry.getMessage())
                .toList();
    }

    public String path() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    /** Saves a screenshot of the window as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resets the browser and keeps it for the next {@link #open}, or quits it if that fails. */
    @Override
    public void close() {
        try {
            String blank = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
            for (String handle : driver.getWindowHandles()) {
                if (!handle.equals(blank)) {
                    driver.switchTo().window(handle).close();
                }
            }
            driver.switchTo().window(blank);
            driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", baseUrl, "storageTypes", "all"));
            if (driver.getWindowHandles().size() != 1) {
                throw new IllegalStateException("the browser did not reset");
            }
        } catch (RuntimeException e) {
            quit();
            return;
        }
        synchronized (idle) {
            if (!quitAtExit) {
                Runtime.getRuntime().addShutdownHook(new Thread(Browser::quitIdle, "browser-quit"));
                quitAtExit = true;
            }
            idle.push(this);
        }
    }

    private static void quitIdle() {
        synchronized (idle) {
            idle.forEach(Browser::quit);
            idle.clear();
        }
    }

    private void quit() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temporary profile is harmless
            }
        }
    }
}
