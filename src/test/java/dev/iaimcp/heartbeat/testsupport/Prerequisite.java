package dev.iaimcp.heartbeat.testsupport;

import java.util.Optional;
import java.util.function.Consumer;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Something a test needs beyond a JDK, and how to get it. When it is missing, the test is
 * skipped with a message that names it and how to install it, printed so that it shows in
 * the build's output; on CI ({@code CI=true}) the test fails instead, so that CI never
 * passes by skipping it.
 *
 * @param what what is missing, as a user would look for it
 * @param debian how to get it on Debian or Ubuntu
 * @param macos how to get it on macOS, or why the test cannot run there
 */
public record Prerequisite(String what, String debian, String macos) {

	/** Steps the wall clock of whole processes through {@code LD_PRELOAD}. */
	public static final Prerequisite LIBFAKETIME = new Prerequisite("libfaketime", "sudo apt-get install faketime",
			"none: the test needs Linux's LD_PRELOAD and /proc");

	/** Lints the install scripts. */
	public static final Prerequisite SHELLCHECK = new Prerequisite("shellcheck", "sudo apt-get install shellcheck",
			"brew install shellcheck");

	/** Checks the rendered systemd unit. */
	public static final Prerequisite SYSTEMD_ANALYZE = new Prerequisite("systemd-analyze",
			"sudo apt-get install systemd", "none: systemd is Linux's");

	/** Runs the Python client's tests. */
	public static final Prerequisite PYTHON3 = new Prerequisite("python3 3.10 or newer", "sudo apt-get install python3",
			"brew install python");

	/** Shows the presence page in a real browser, driven over WebDriver. */
	public static final Prerequisite CHROMIUM = new Prerequisite("chromium and chromedriver on the PATH",
			"sudo apt-get install chromium chromium-driver", "brew install --cask chromium chromedriver");

	/**
	 * Returns what was found, or skips (fails on CI) the calling test.
	 * @param <T> what the test goes on with
	 * @param found the prerequisite, if it was found
	 * @return what was found
	 */
	public <T> T require(Optional<T> found) {
		return require(found, isCi(), System.err::println);
	}

	/**
	 * Goes on when the prerequisite is present, or skips (fails on CI) the calling test.
	 * @param present whether it was found
	 */
	public void require(boolean present) {
		if (!present) {
			require(Optional.empty(), isCi(), System.err::println);
		}
	}

	<T> T require(Optional<T> found, boolean ci, Consumer<String> console) {
		if (found.isPresent()) {
			return found.get();
		}
		String reason = missing();
		if (ci) {
			return Assertions.fail(reason + " (CI=true: a missing prerequisite fails the build there)");
		}
		console.accept("SKIPPED: " + reason);
		return Assumptions.abort(reason);
	}

	private String missing() {
		return "needs " + this.what + ", not found: on Debian/Ubuntu `" + this.debian + "`; on macOS " + macosHint();
	}

	private String macosHint() {
		return this.macos.startsWith("none") ? this.macos : "`" + this.macos + "`";
	}

	private static boolean isCi() {
		return "true".equals(System.getenv("CI"));
	}

}
