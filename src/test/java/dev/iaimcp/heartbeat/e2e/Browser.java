package dev.iaimcp.heartbeat.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import dev.iaimcp.heartbeat.testsupport.Prerequisite;

/**
 * A headless Chromium, driven over WebDriver by the distribution's chromedriver, with a
 * profile of its own that nothing outlives. It is found on the {@code PATH}, never
 * downloaded.
 */
final class Browser implements AutoCloseable {

	static final Path SCREENSHOTS = Launcher.PROJECT_DIR.resolve("target/page-screenshots");

	// What works as root in a container, with nothing reaching out to the network.
	private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
			"--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--window-size=1100,1200");

	private final ChromeDriver driver;

	private Browser(ChromeDriver driver) {
		this.driver = driver;
	}

	/**
	 * Starts the browser, or skips (fails on CI) the test without one.
	 * @param profile an empty directory for the browser's profile
	 * @return the browser
	 */
	static Browser start(Path profile) throws IOException {
		Path chromium = Prerequisite.CHROMIUM.require(onPath("chromium"));
		Path chromedriver = Prerequisite.CHROMIUM.require(onPath("chromedriver"));
		Files.createDirectories(SCREENSHOTS);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.withLogFile(SCREENSHOTS.resolve("chromedriver.log").toFile())
			.build();
		ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
		options.addArguments(FLAGS);
		options.addArguments("--user-data-dir=" + profile);
		return new Browser(new ChromeDriver(service, options));
	}

	void open(String url) {
		this.driver.get(url);
	}

	String text(String id) {
		return this.driver.findElement(By.id(id)).getText();
	}

	List<String> texts(String cssSelector) {
		return this.driver.findElements(By.cssSelector(cssSelector)).stream().map(WebElement::getText).toList();
	}

	int count(String cssSelector) {
		return this.driver.findElements(By.cssSelector(cssSelector)).size();
	}

	Object script(String script) {
		return ((JavascriptExecutor) this.driver).executeScript(script);
	}

	/**
	 * Shows the page as a reader whose system prefers dark or light colours sees it.
	 * @param scheme {@code dark} or {@code light}
	 */
	void prefer(String scheme) {
		this.driver.executeCdpCommand("Emulation.setEmulatedMedia",
				Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
	}

	/**
	 * Keeps what the browser shows now.
	 * @param name the file's name, without {@code .png}
	 * @return the file
	 */
	Path screenshot(String name) throws IOException {
		return Files.write(SCREENSHOTS.resolve(name + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
	}

	String source() {
		return this.driver.getPageSource();
	}

	@Override
	public void close() {
		this.driver.quit();
	}

	private static Optional<Path> onPath(String command) {
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin");
		return Stream.of(path.split(File.pathSeparator))
			.map((dir) -> Path.of(dir, command))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
