package dev.iaimcp.heartbeat.verify;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.iaimcp.heartbeat.verify.VerifyReport.Step;

/**
 * The steps of {@code verify}, in order, all within one deadline: find the service and
 * check it scans the directory written to, then a stand-in wrapper that comes, refreshes
 * and exits cleanly, and one that crashes and must be cleaned up after. Nothing is asked
 * of the service but GETs: what it reports, it saw through its watch or its tick, as it
 * would a real wrapper. A cleanup that only a tick after the deadline would do is
 * reported as pending, with when, and not waited for.
 */
final class Verifier {

	/**
	 * A change seen later than this was not seen through the watch (whose target is 1 s).
	 */
	static final Duration THROUGH_THE_WATCH = Duration.ofSeconds(2);

	/** Beyond the service's tick, for a slow scan on a loaded machine. */
	static final Duration MARGIN = Duration.ofSeconds(10);

	private static final Duration POLL = Duration.ofMillis(25);

	private static final Duration SERVICE_POLL = Duration.ofMillis(200);

	private static final Path WHERE_WRAPPERS_WRITE = Path.of(System.getProperty("user.home"), ".iai-mcp", "wrappers");

	private final ServiceLocation location;

	private final ActuatorClient client;

	private final Deadline deadline;

	private final boolean awaitService;

	private final Traces traces;

	private final VerifyReport report;

	private ServiceFacts facts;

	private @Nullable Instant lastTickEnded;

	/**
	 * Prepares a run.
	 * @param location where the service answers and verify writes
	 * @param client asks the service
	 * @param deadline when the run must end
	 * @param awaitService whether to keep asking a service that does not answer yet,
	 * until the deadline, rather than fail at once
	 * @param traces takes what the run writes, to remove it on every way out
	 * @param report takes what is found, as it is found
	 */
	Verifier(ServiceLocation location, ActuatorClient client, Deadline deadline, boolean awaitService, Traces traces,
			VerifyReport report) {
		this.location = location;
		this.client = client;
		this.deadline = deadline;
		this.awaitService = awaitService;
		this.traces = traces;
		this.report = report;
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
			this.traces.createDirectories(this.location.wrappersDir());
			comeRefreshAndExit();
			crash();
		}
		catch (Failure | Traces.Stopped ex) {
			this.report.failed(ex.getMessage());
		}
		catch (IOException ex) {
			this.report.failed(ex.toString());
		}
		finally {
			this.traces.close();
		}
		this.report.finish();
		return this.report;
	}

	private ServiceFacts findService() throws Failure, InterruptedException {
		boolean told = false;
		while (true) {
			try {
				ServiceFacts found = ServiceFacts.of(this.client.get("info"), this.client.get("health"));
				presence();
				return found;
			}
			catch (IOException ex) {
				if (!this.awaitService || this.deadline.passed()) {
					throw new Failure(noService(ex));
				}
				if (!told) {
					this.report.waiting("no answer from " + this.location.display() + " yet (" + why(ex)
							+ "); asking again for up to " + this.deadline.remaining().toSeconds() + " s");
					told = true;
				}
				Thread.sleep(Math.min(SERVICE_POLL.toMillis(), this.deadline.remaining().toMillis() + 1));
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
		return "no service answering at " + this.location.display() + " (" + why(ex) + "); start it with " + start
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

	private static String why(IOException ex) {
		return (ex instanceof ConnectException) ? "nothing listens there" : ex.toString();
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

	private void comeRefreshAndExit() throws IOException, InterruptedException, Failure {
		StandInWrapper wrapper = standIn();
		try {
			long written = this.traces.refresh(wrapper);
			seenThroughTheWatch(Step.NEW_WRAPPER, written, () -> entry(wrapper).filter(Verifier::fresh));
			long refreshed = this.traces.refresh(wrapper);
			Instant lastRefresh = Instant.parse(wrapper.lastRefresh());
			seenThroughTheWatch(Step.REFRESH, refreshed,
					() -> entry(wrapper).filter((entry) -> lastRefresh.equals(lastRefreshOf(entry))));
			long exited = this.deadline.nanoTime();
			wrapper.exitCleanly();
			seenThroughTheWatch(Step.EXIT, exited, () -> absent(wrapper));
		}
		finally {
			this.traces.remove(wrapper);
		}
	}

	private void crash() throws IOException, InterruptedException, Failure {
		StandInWrapper wrapper = standIn();
		try {
			this.traces.refresh(wrapper);
			await(tickBound(), () -> entry(wrapper).filter(Verifier::fresh), "a second stand-in wrapper");
			long crashed = this.deadline.nanoTime();
			Instant crashedAt = this.deadline.now();
			wrapper.crash();
			seen(Step.CRASH, crashed,
					() -> entry(wrapper).filter(Verifier::fresh).isPresent() ? Optional.empty() : Optional.of(wrapper));
			if (!this.facts.cleanupEnabled()) {
				this.report.note("iai.heartbeat.cleanup-enabled is false: the service leaves dead wrappers' files, "
						+ "so verify deleted its own");
				return;
			}
			cleanedUp(wrapper, crashed, NextTick.after(crashedAt, this.facts.tickInterval(), this.lastTickEnded));
		}
		finally {
			this.traces.remove(wrapper);
		}
	}

	// Only the tick deletes a crashed wrapper's file: waited for when the tick comes
	// before
	// the deadline, else pending (the stand-in's file is then deleted as verify leaves).
	private void cleanedUp(StandInWrapper wrapper, long crashed, NextTick tick) throws Failure, InterruptedException {
		NextTick.Plan plan = tick.plan(this.deadline.endsAt(), MARGIN);
		Instant until = plan.until();
		if (until != null) {
			if (Duration.between(this.deadline.now(), tick.at()).compareTo(THROUGH_THE_WATCH) > 0) {
				this.report.waiting("waiting for " + tick.describe(this.deadline.now(), zone())
						+ " to delete the crashed stand-in's file");
			}
			Duration bound = Duration.between(this.deadline.now(), until);
			Observation deleted = () -> Files.exists(wrapper.file()) ? Optional.empty() : Optional.of(wrapper);
			if (awaitWithin(bound, deleted)) {
				this.report.took(Step.CLEANUP, secondsSince(crashed));
				await(tickBound(), () -> absent(wrapper),
						"the service to stop listing the crashed wrapper's deleted file");
				return;
			}
			if (plan.missingItFails()) {
				throw new Failure(neverReported(Duration.ofNanos(this.deadline.nanoTime() - crashed), "cleanup"));
			}
		}
		this.report.cleanupPending(tick, this.deadline.now(), zone());
	}

	private StandInWrapper standIn() throws IOException {
		// Outlives the run by a margin only: a SIGKILLed verify runs no cleanup.
		return this.traces.startStandIn(this.location.wrappersDir(), this.deadline.remaining().plus(MARGIN));
	}

	// The service's tick and some margin: anything it does at all, it does within this.
	private Duration tickBound() {
		return this.facts.tickInterval().plus(MARGIN);
	}

	private ZoneId zone() {
		return this.deadline.clock().getZone();
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
		await(tickBound(), observation, step.name().toLowerCase(Locale.ROOT).replace('_', ' '));
		double seconds = secondsSince(sinceNanos);
		this.report.took(step, seconds);
		return seconds;
	}

	private double secondsSince(long sinceNanos) {
		return (this.deadline.nanoTime() - sinceNanos) / 1e9;
	}

	// Up to the bound, or what is left of the run if less; a failure says which ran out.
	private void await(Duration bound, Observation observation, String what) throws Failure, InterruptedException {
		long startNanos = this.deadline.nanoTime();
		boolean cutByDeadline = this.deadline.remaining().compareTo(bound) < 0;
		if (!awaitWithin(bound, observation)) {
			Duration waited = Duration.ofNanos(this.deadline.nanoTime() - startNanos);
			throw new Failure(cutByDeadline ? outOfTime(waited, what) : neverReported(waited, what));
		}
	}

	private boolean awaitWithin(Duration bound, Observation observation) throws Failure, InterruptedException {
		long end = this.deadline.endOfWait(bound);
		try {
			while (observation.observe().isEmpty()) {
				long left = end - this.deadline.nanoTime();
				if (left <= 0) {
					return false;
				}
				Thread.sleep(Math.min(POLL.toMillis(), Duration.ofNanos(left).toMillis() + 1));
			}
			return true;
		}
		catch (IOException ex) {
			throw new Failure("the service stopped answering: " + ex);
		}
	}

	private static String neverReported(Duration waited, String what) {
		return "waited " + waited.toSeconds() + " s for " + what + " and the service never reported it; look at the "
				+ "service's log (~/.iai-mcp/logs/heartbeat-scanner.log)";
	}

	private String outOfTime(Duration waited, String what) {
		return "waited " + waited.toSeconds() + " s for " + what + ", all that was left of --wait="
				+ this.deadline.budget().toSeconds() + ", and the service did not report it; give verify longer "
				+ "with --wait=SECONDS, or look at the service's log (~/.iai-mcp/logs/heartbeat-scanner.log)";
	}

	// Every snapshot verify reads tells it, when a tick made it, when that tick ended.
	private JsonNode presence() throws IOException, InterruptedException {
		JsonNode snapshot = this.client.get("presence");
		JsonNode cleanupAt = snapshot.path("cleanup").path("at");
		if (cleanupAt.isString()) {
			try {
				Instant at = Instant.parse(cleanupAt.stringValue());
				if (this.lastTickEnded == null || at.isAfter(this.lastTickEnded)) {
					this.lastTickEnded = at;
				}
			}
			catch (DateTimeParseException ex) {
				// Not a time: the tick stays unknown, and only bounded.
			}
		}
		return snapshot;
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
		return presence().path("entries")
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
