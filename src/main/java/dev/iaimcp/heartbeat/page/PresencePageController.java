package dev.iaimcp.heartbeat.page;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.iaimcp.heartbeat.history.PresenceHistory;
import dev.iaimcp.heartbeat.presence.LatestPresence;

/**
 * {@code GET /}: the presence page, rendered on each request from the latest snapshot and
 * the history (no work between requests), with its style sheet and script from the jar.
 * Every answer forbids framing, other origins' scripts and connections, and sniffing.
 */
@RestController
@ConditionalOnWebApplication
class PresencePageController {

	static final String STYLE = "/page/presence.css";

	static final String SCRIPT = "/page/presence.js";

	/**
	 * Scripts and styles from this service alone, and none inline; the stream and the
	 * presence endpoint are the only connections; no page may frame this one.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	private final LatestPresence latest;

	private final PresenceHistory history;

	private final Clock clock;

	PresencePageController(LatestPresence latest, PresenceHistory history, Clock clock) {
		this.latest = latest;
		this.history = history;
		this.clock = clock;
	}

	@GetMapping(path = "/")
	ResponseEntity<String> page() {
		Moments moments = new Moments(this.clock.instant(), ZoneId.systemDefault());
		String html = new PresencePage(this.latest.snapshot(), this.history.events(null, PresenceHistory.CAPACITY),
				moments)
			.render();
		// What it shows is live: never one kept from before.
		return answer(MediaType.parseMediaType("text/html;charset=UTF-8"), CacheControl.noStore()).body(html);
	}

	@GetMapping(path = STYLE)
	ResponseEntity<Resource> style() {
		return answer(CSS, CacheControl.noCache()).body(new ClassPathResource("page/presence.css"));
	}

	@GetMapping(path = SCRIPT)
	ResponseEntity<Resource> script() {
		return answer(JAVASCRIPT, CacheControl.noCache()).body(new ClassPathResource("page/presence.js"));
	}

	private static ResponseEntity.BodyBuilder answer(MediaType type, CacheControl caching) {
		return ResponseEntity.ok()
			.contentType(type)
			.cacheControl(caching)
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.header("Referrer-Policy", "no-referrer");
	}

}
