package dev.aimon.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which .ci/run installs) at a laptop's
 * screen size, that keeps a full-page screenshot of each page it is asked to.
 */
final class Browser implements AutoCloseable {

    static final List<String> BINARIES =
            List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    final ChromeDriver driver;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** The browser and its driver, when both are installed. */
    static Optional<String[]> installed() {
        Optional<String> binary =
                BINARIES.stream().filter(b -> Files.isExecutable(Path.of(b))).findFirst();
        Optional<String> driver =
                DRIVERS.stream().filter(d -> Files.isExecutable(Path.of(d))).findFirst();
        return binary.isPresent() && driver.isPresent()
                ? Optional.of(new String[] {binary.get(), driver.get()})
                : Optional.empty();
    }

    static Browser start(String[] installed, Path screenshots) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(installed[0]);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(installed[1]))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        try {
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Browser(driver, screenshots);
    }

    /** Clicks what leads to another page (a link, a form's button) and waits until that page has replaced this one. */
    void clickAndWait(WebElement element) {
        WebElement page = driver.findElement(By.tagName("html"));
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(page));
    }

    /** A screenshot of the whole page, as {@code name}.png. */
    Path screenshot(String name) {
        return screenshot(name, 8000);
    }

    /** A screenshot of the page down to {@code maxHeight} pixels, as {@code name}.png. */
    Path screenshot(String name, int maxHeight) {
        long height = (Long) ((JavascriptExecutor) driver)
                .executeScript("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(1366, (int) Math.max(900, Math.min(height + 40, maxHeight))));
        try {
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(new Dimension(1366, 900));
        }
    }

    /**
     * Copies screenshots taken ({@code name} → the image's name) to the folder the system property {@code
     * aimon.docs.images} names, where the README shows them ({@code ./aimon screenshots} sets it to {@code
     * docs/images}); without the property, nothing is copied.
     */
    void publish(Map<String, String> images) {
        String folder = System.getProperty("aimon.docs.images", "");
        if (folder.isBlank()) {
            return;
        }
        try {
            Path target = Files.createDirectories(Path.of(folder));
            for (Map.Entry<String, String> image : images.entrySet()) {
                Files.copy(
                        screenshots.resolve(image.getKey() + ".png"),
                        target.resolve(image.getValue() + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the page lacks for assistive technology: form controls without a label, charts without a name, a page
     * without a language or a main heading. Empty when it lacks nothing.
     */
    @SuppressWarnings("unchecked")
    List<String> accessibilityProblems() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("""
                const problems = [];
                if (!document.documentElement.lang) problems.push('no lang on <html>');
                if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one <h1>');
                for (const el of document.querySelectorAll('input, select, textarea')) {
                  if (el.type === 'hidden') continue;
                  const labelled = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label')
                      || el.getAttribute('aria-labelledby');
                  if (!labelled) problems.push('no label: ' + el.outerHTML.slice(0, 80));
                }
                for (const svg of document.querySelectorAll('svg')) {
                  if (svg.getAttribute('role') !== 'img' || !svg.getAttribute('aria-labelledby')) {
                    problems.push('chart without role=img and a name');
                  }
                }
                for (const b of document.querySelectorAll('button')) {
                  if (!b.textContent.trim()) problems.push('button without text');
                }
                return problems;""");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
