package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The presence page in headless Chromium against the built jar, with real heartbeat
 * writers: what a person sees, and that it follows the wrappers without a reload.
 * Screenshots are kept in {@code target/page-screenshots}.
 */
class PresencePageIT {

	// Set in the page on arrival; a reload would lose it.
	private static final String MARK_THE_PAGE = "window.notReloaded = true";

	private static final String IS_THE_SAME_PAGE = "return window.notReloaded === true";

	@TempDir
	Path tempDir;

	private Launcher launcher;

	private Path wrappersDir;

	private Path logFile;

	private ServiceClient client;

	private Browser browser;

	@BeforeEach
	void startTheServiceAndABrowser() throws Exception {
		this.launcher = new Launcher(this.tempDir);
		this.wrappersDir = this.tempDir.resolve("store/wrappers");
		this.logFile = this.tempDir.resolve("logs/heartbeat-scanner.log");
		this.browser = Browser.start(this.tempDir.resolve("chromium-profile"));
		this.client = new ServiceClient(ServiceClient.freePort());
		Process service = this.launcher.service(List.of("--server.port=" + this.client.port(),
				"--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.tick-interval-sec=1",
				"--logging.file.name=" + this.logFile, "--logging.threshold.console=OFF"));
		ServiceClient.waitUntil()
			.until(() -> this.client.isUp(service, () -> this.launcher.serviceOutput(this.logFile)));
	}

	@AfterEach
	void stopEverything(TestInfo test) throws Exception {
		if (this.browser != null) {
			// What the page showed last, for a test that failed.
			this.browser.screenshot("last-" + test.getTestMethod().orElseThrow().getName());
			this.browser.close();
		}
		if (this.launcher != null) {
			this.launcher.close();
		}
	}

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void aPersonSeesTheStateAndTheWrappersAndANewWrapperAppearsWithoutAReload() throws Exception {
		this.browser.open(pageUrl());
		ServiceClient.waitUntil().until(() -> this.browser.text("state").startsWith("Absent for "));
		assertThat(this.browser.text("state")).endsWith(", no wrapper seen yet");
		assertThat(this.browser.text("no-wrappers")).isEqualTo("No heartbeat files right now.");
		ServiceClient.waitUntil().until(() -> this.browser.text("live").equals("Live"));
		this.browser.script(MARK_THE_PAGE);

		Process writer = this.launcher.writer(this.wrappersDir);
		ServiceClient.waitUntil().until(() -> this.browser.text("state").startsWith("Active: 1 wrapper, since "));
		assertThat(this.browser.text("state")).matches("Active: 1 wrapper, since \\d\\d:\\d\\d");
		ServiceClient.waitUntil().until(() -> !this.browser.texts("#wrappers tbody tr").isEmpty());
		assertThat(this.browser.texts("#wrappers tbody tr")).singleElement()
			.asString()
			.startsWith(writer.pid() + " fresh ")
			.contains("heartbeat-" + writer.pid() + "-");
		assertThat(this.browser.text("meaning")).contains("the memory daemon stays awake");
		assertThat(this.browser.script(IS_THE_SAME_PAGE)).as("the page was not reloaded").isEqualTo(true);
		this.browser.screenshot("active-light");
		this.browser.prefer("dark");
		this.browser.screenshot("active-dark");
		this.browser.prefer("light");

		writer.destroy();
		ServiceClient.waitUntil().until(() -> this.browser.text("state").startsWith("Absent for "));
		assertThat(this.browser.text("state")).matches("Absent for less than a minute, no wrapper since \\d\\d:\\d\\d");
		ServiceClient.waitUntil().until(() -> this.browser.count("#wrappers tbody tr") == 0);
		assertThat(this.browser.script(IS_THE_SAME_PAGE)).isEqualTo(true);
	}

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void withoutJavaScriptThePageStillSaysWhoIsHere() throws Exception {
		Process writer = this.launcher.writer(this.wrappersDir);
		ServiceClient.waitUntil().until(() -> this.client.get("/actuator/presence").path("active").booleanValue());
		String html = this.client.send("/").body();
		assertThat(html).contains(">Active: 1 wrapper, since ").contains("<td>" + writer.pid() + "</td><td>fresh</td>");
	}

	/**
	 * A second wrapper arriving while presence stays ACTIVE, and a departure with its
	 * reason, reach the page only through the history events on the stream.
	 */
	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void aSecondWrapperAndADepartureWithItsReasonShowWithoutAReload() throws Exception {
		assumeTrue(this.client.send("/actuator/history").statusCode() == 200,
				"needs the recorded history (/actuator/history and history events on the stream)");
		Process first = this.launcher.writer(this.wrappersDir);
		ServiceClient.waitUntil().until(() -> this.client.get("/actuator/presence").path("active").booleanValue());
		this.browser.open(pageUrl());
		ServiceClient.waitUntil().until(() -> this.browser.text("live").equals("Live"));
		this.browser.script(MARK_THE_PAGE);

		Process second = this.launcher.writer(this.wrappersDir);
		ServiceClient.waitUntil().until(() -> this.browser.count("#wrappers tbody tr") == 2);
		assertThat(this.browser.text("state")).startsWith("Active: 2 wrappers, since ");
		assertThat(this.browser.texts("#events li"))
			.anySatisfy((item) -> assertThat(item).contains("pid " + second.pid() + " arrived"));

		first.destroyForcibly();
		ServiceClient.waitUntil()
			.until(() -> this.browser.texts("#events li")
				.stream()
				.anyMatch((item) -> item.contains("pid " + first.pid() + " ended (process ended)")));
		ServiceClient.waitUntil().until(() -> this.browser.count("#wrappers tbody tr") == 1);
		assertThat(this.browser.count("#marks .mark-wrapper_departed")).isPositive();
		assertThat(this.browser.count("#marks .mark-wrapper_arrived")).isGreaterThanOrEqualTo(2);
		assertThat(this.browser.count("#bands .band-active")).isPositive();
		assertThat(this.browser.script(IS_THE_SAME_PAGE)).as("the page was not reloaded").isEqualTo(true);
		this.browser.screenshot("departure-light");
		this.browser.prefer("dark");
		this.browser.screenshot("departure-dark");
	}

	private String pageUrl() throws IOException {
		return "http://127.0.0.1:" + this.client.port() + "/";
	}

}
