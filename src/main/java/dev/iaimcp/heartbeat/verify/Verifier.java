package dev.iaimcp.heartbeat.verify;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import dev.iaimcp.heartbeat.verify.VerifyReport.Step;

/**
 * The steps of {@code verify}, in order, each bounded: find the service and check it
 * scans the directory written to, then a stand-in wrapper that comes, refreshes and exits
 * cleanly, and one that crashes and must be cleaned up after. Nothing is asked of the
 * service but GETs: what it reports, it saw through its watch or its tick, as it would a
 * real wrapper.
 */
final class Verifier {

	/**
	 * A change seen later than this was not seen through the watch (whose target is 1 s).
	 */
	static final Duration THROUGH_THE_WATCH = Duration.ofSeconds(2);

	/** Beyond the service's tick, for a slow scan on a loaded machine. */
	static final Duration MARGIN = Duration.ofSeconds(10);

	private static final Duration POLL = Duration.ofMillis(25);

	private static final Path WHERE_WRAPPERS_WRITE = Path.of(System.getProperty("user.home"), ".iai-mcp", "wrappers");

	private final ServiceLocation location;

	private final ActuatorClient client;

	private final Duration wait;

	private final VerifyReport report;

	private final Deque<Path> createdDirectories = new ArrayDeque<>();

	private ServiceFacts facts;

	Verifier(ServiceLocation location, ActuatorClient client, Duration wait) {
		this.location = location;
		this.client = client;
		this.wait = wait;
		this.report = new VerifyReport(location.display(), location.wrappersDir());
	}

	/**
	 * Runs every step until one fails, then removes whatever it wrote.
	 * @return the report, failed or not
	 * @throws InterruptedException if interrupted
	 */
	VerifyReport run() throws InterruptedException {
		try {
			this.facts = findService();
			this.report.service(this.facts.wrappersDir(), this.facts.watch());
			requireSameDirectory();
			noteWhereWrappersWrite();
			createMissingDirectories();
			try {
				comeRefreshAndExit();
				crash();
			}
			finally {
				removeCreatedDirectories();
			}
		}
		catch (Failure ex) {
			this.report.failed(ex.getMessage());
		}
		catch (IOException ex) {
			this.report.failed(ex.toString());
		}
		return this.report;
	}

	private ServiceFacts findService() throws Failure, InterruptedException {
		long deadline = System.nanoTime() + this.wait.toNanos();
		while (true) {
			try {
				return ServiceFacts.of(this.client.get("info"), this.client.get("health"));
			}
			catch (IOException ex) {
				if (System.nanoTime() >= deadline) {
					throw new Failure(noService(ex));
				}
				Thread.sleep(200);
			}
		}
	}

	private String noService(IOException ex) {
		// After "launchctl bootout" the agent is unknown to launchd until the next login,
		// so kickstart alone would fail: bootstrap it (which fails harmlessly if it is
		// loaded).
		String start = System.getProperty("os.name").startsWith("Mac")
				? "launchctl bootstrap gui/$(id -u) ~/Library/LaunchAgents/dev.iaimcp.heartbeat-scanner.plist; "
						+ "launchctl kickstart gui/$(id -u)/dev.iaimcp.heartbeat-scanner (installed by deploy/launchd/install.sh)"
				: "systemctl --user start heartbeat-scanner (installed by deploy/systemd/install.sh)";
		String why = (ex instanceof ConnectException) ? "nothing listens there" : ex.toString();
		return "no service answering at " + this.location.display() + " (" + why + "); start it with " + start
				+ ", or run it by hand with java -jar heartbeat-scanner.jar";
	}

	private void requireSameDirectory() throws Failure {
		if (!sameDirectory(this.facts.wrappersDir(), this.location.wrappersDir())) {
			throw new Failure("the service at " + this.location.display() + " scans " + this.facts.wrappersDir()
					+ ", not " + this.location.wrappersDir() + " where verify writes as this configuration says; "
					+ "run verify with the service's configuration (the same IAI_MCP_STORE, ./application.yml and "
					+ "--iai.heartbeat.wrappers-dir)");
		}
	}

	private void noteWhereWrappersWrite() {
		if (!sameDirectory(this.facts.wrappersDir(), WHERE_WRAPPERS_WRITE)) {
			this.report.note("the service scans " + this.facts.wrappersDir() + ", but MCP wrappers always write "
					+ WHERE_WRAPPERS_WRITE + " (they ignore IAI_MCP_STORE)");
		}
	}

	// The same path, or two paths to one directory (links, a case-insensitive file
	// system).
	private static boolean sameDirectory(Path one, Path other) {
		if (one.equals(other)) {
			return true;
		}
		try {
			return Files.isSameFile(one, other);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void createMissingDirectories() throws IOException {
		for (Path dir = this.location.wrappersDir(); dir != null && !Files.exists(dir); dir = dir.getParent()) {
			this.createdDirectories.push(dir);
		}
		Files.createDirectories(this.location.wrappersDir());
	}

	private void removeCreatedDirectories() {
		while (!this.createdDirectories.isEmpty()) {
			try {
				Files.deleteIfExists(this.createdDirectories.removeLast());
			}
			catch (IOException ex) {
				// Not empty any more: a real wrapper has written meanwhile.
				return;
			}
		}
	}

	private void comeRefreshAndExit() throws IOException, InterruptedException, Failure {
		try (StandInWrapper wrapper = standIn()) {
			long written = wrapper.refresh();
			seenThroughTheWatch(Step.NEW_WRAPPER, written, () -> entry(wrapper).filter(Verifier::fresh));
			long refreshed = wrapper.refresh();
			Instant lastRefresh = Instant.parse(wrapper.lastRefresh());
			seenThroughTheWatch(Step.REFRESH, refreshed,
					() -> entry(wrapper).filter((entry) -> lastRefresh.equals(lastRefreshOf(entry))));
			long exited = System.nanoTime();
			wrapper.exitCleanly();
			seenThroughTheWatch(Step.EXIT, exited, () -> absent(wrapper));
		}
	}

	private void crash() throws IOException, InterruptedException, Failure {
		try (StandInWrapper wrapper = standIn()) {
			wrapper.refresh();
			awaitUpTo(tickBound(), () -> entry(wrapper).filter(Verifier::fresh), "a second stand-in wrapper");
			long crashed = System.nanoTime();
			wrapper.crash();
			seen(Step.CRASH, crashed,
					() -> entry(wrapper).filter(Verifier::fresh).isPresent() ? Optional.empty() : Optional.of(wrapper));
			if (!this.facts.cleanupEnabled()) {
				this.report.note("iai.heartbeat.cleanup-enabled is false: the service leaves dead wrappers' files, "
						+ "so verify deleted its own");
				return;
			}
			seen(Step.CLEANUP, crashed, () -> Files.exists(wrapper.file()) ? Optional.empty() : Optional.of(wrapper));
			awaitUpTo(tickBound(), () -> absent(wrapper),
					"the service to stop listing the crashed wrapper's deleted file");
		}
	}

	private StandInWrapper standIn() throws IOException {
		return StandInWrapper.start(this.location.wrappersDir(), tickBound().multipliedBy(4));
	}

	// The service's tick and some margin: anything it does at all, it does within this.
	private Duration tickBound() {
		return this.facts.tickInterval().plus(MARGIN);
	}

	private void seenThroughTheWatch(Step step, long sinceNanos, Observation observation)
			throws Failure, InterruptedException {
		double seconds = seen(step, sinceNanos, observation);
		if (seconds > THROUGH_THE_WATCH.toSeconds() && !this.facts.watchIsOff()) {
			throw new Failure(String.format(Locale.ROOT,
					"seen only after %.2f s: the service saw it on its tick (every %d s), not through its watch "
							+ "(health says watch: %s)",
					seconds, this.facts.tickInterval().toSeconds(), currentWatch()));
		}
	}

	private double seen(Step step, long sinceNanos, Observation observation) throws Failure, InterruptedException {
		awaitUpTo(tickBound(), observation, step.name().toLowerCase(Locale.ROOT).replace('_', ' '));
		double seconds = (System.nanoTime() - sinceNanos) / 1e9;
		this.report.took(step, seconds);
		return seconds;
	}

	private void awaitUpTo(Duration bound, Observation observation, String what) throws Failure, InterruptedException {
		long deadline = System.nanoTime() + bound.toNanos();
		try {
			while (observation.observe().isEmpty()) {
				if (System.nanoTime() >= deadline) {
					throw new Failure("waited " + bound.toSeconds() + " s for " + what + " and the service never "
							+ "reported it; look at the service's log (~/.iai-mcp/logs/heartbeat-scanner.log)");
				}
				Thread.sleep(POLL.toMillis());
			}
		}
		catch (IOException ex) {
			throw new Failure("the service stopped answering: " + ex);
		}
	}

	private String currentWatch() {
		try {
			return ServiceFacts.of(this.client.get("info"), this.client.get("health")).watch();
		}
		catch (IOException | InterruptedException ex) {
			return this.facts.watch();
		}
	}

	private Optional<JsonNode> entry(StandInWrapper wrapper) throws IOException, InterruptedException {
		return this.client.get("presence")
			.path("entries")
			.valueStream()
			.filter((entry) -> entry.path("pid").longValue() == wrapper.pid()
					&& wrapper.uuid().equals(entry.path("uuid").stringValue()))
			.findFirst();
	}

	private Optional<StandInWrapper> absent(StandInWrapper wrapper) throws IOException, InterruptedException {
		return entry(wrapper).isPresent() ? Optional.empty() : Optional.of(wrapper);
	}

	private static Instant lastRefreshOf(JsonNode entry) {
		try {
			return Instant.parse(entry.path("lastRefresh").asString());
		}
		catch (DateTimeParseException ex) {
			return Instant.MIN;
		}
	}

	private static boolean fresh(JsonNode entry) {
		return "FRESH".equals(entry.path("status").stringValue());
	}

	@FunctionalInterface
	private interface Observation {

		Optional<?> observe() throws IOException, InterruptedException;

	}

	/** A step that did not hold, with what a person should know. */
	static final class Failure extends Exception {

		Failure(String message) {
			super(message);
		}

	}

}
