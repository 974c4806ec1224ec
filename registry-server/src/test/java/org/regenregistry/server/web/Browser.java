package org.regenregistry.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium for the browser tests, through its chromedriver (never a downloaded driver), with the checks every
 * page gets: axe-core's WCAG 2.1 A and AA rules and an empty console, and a screenshot.
 */
final class Browser {

    private Browser() {}

    /** Headless, as root (no sandbox), with the console kept for the checks. */
    static ChromeOptions options() {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return options;
    }

    /**
     * axe-core's WCAG 2.0/2.1 A and AA rules find nothing on the page, and the console holds no error but those
     * {@code expected} names (the answer of a page that is meant to be refused).
     */
    static void checkAccessibilityAndConsole(ChromeDriver browser, String... expected) throws IOException {
        browser.executeScript(Files.readString(Path.of(System.getProperty("axe.script"))));
        Object violations = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
                + " 'wcag21aa']}}).then(result => done(JSON.stringify(result.violations.map(v =>"
                + " ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))));");
        assertThat(violations)
                .as("axe violations on %s", browser.getCurrentUrl())
                .isEqualTo("[]");
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(entry -> List.of(expected).stream().noneMatch(entry.getMessage()::contains))
                .toList();
        assertThat(errors).as("console errors on %s", browser.getCurrentUrl()).isEmpty();
    }

    /** The whole page as a PNG under {@code screenshots.directory}. */
    static void screenshot(ChromeDriver browser, String name) throws IOException {
        Path directory =
                Files.createDirectories(Path.of(System.getProperty("screenshots.directory", "target/screenshots")));
        Object height = browser.executeScript("return document.documentElement.scrollHeight");
        Dimension before = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(1280, Math.min(6000, ((Number) height).intValue())));
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(before);
    }
}
