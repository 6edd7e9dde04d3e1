package dev.iaimcp.heartbeat.http;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request may have come from a web page that must not read presence or
 * start a cleanup. Any page the user visits can send requests to 127.0.0.1; the service
 * answers only those that name this machine in {@code Host}, come from no other origin,
 * and that, if they change anything, are JSON (which a browser sends cross-origin only
 * after a CORS preflight the service never grants).
 * <p>
 * Clients that are no browser (curl, {@code check}, {@code verify}, scripts) send a
 * loopback {@code Host} and no {@code Origin} or {@code Sec-Fetch-*}, and pass.
 */
final class LoopbackGuard {

	private static final String HTTP_SCHEME = "http://";

	/** What a browser says of a request whose page is this service's, or of none. */
	private static final Set<String> OWN_SITES = Set.of("same-origin", "none");

	private LoopbackGuard() {
	}

	/**
	 * Judges a request by its headers alone.
	 * @param request the request
	 * @return why it is refused, or {@code null} when it may be served
	 */
	static @Nullable Refusal refusal(HttpServletRequest request) {
		List<String> hosts = headers(request, "Host");
		if (hosts.size() > 1) {
			return Refusal.FOREIGN_HOST;
		}
		int port;
		if (hosts.isEmpty()) {
			// HTTP/1.0 without Host: every browser sends one, so no page is behind it.
			port = request.getLocalPort();
		}
		else {
			LoopbackAuthority host = LoopbackAuthority.parse(hosts.get(0));
			if (host == null) {
				return Refusal.FOREIGN_HOST;
			}
			port = host.effectivePort();
		}
		if (!isOwnOrigin(headers(request, "Origin"), port)) {
			return Refusal.FOREIGN_ORIGIN;
		}
		if (!isOwnSiteOrNavigation(request)) {
			return Refusal.CROSS_SITE;
		}
		// The one method besides GET and HEAD that a page may send without a preflight.
		if (request.getMethod().equals("POST") && !isJson(headers(request, "Content-Type"))) {
			return Refusal.NOT_JSON;
		}
		return null;
	}

	// Browsers send Origin on every request but a same-origin GET or HEAD and a
	// plain navigation; a foreign one is refused on reads too: the answer would be
	// withheld from the page anyway (no CORS headers), and the stream would hold one of
	// its few places for nobody.
	private static boolean isOwnOrigin(List<String> origins, int port) {
		if (origins.isEmpty()) {
			return true;
		}
		String origin = origins.get(0);
		if (origins.size() > 1 || !origin.startsWith(HTTP_SCHEME)) {
			return false;
		}
		LoopbackAuthority authority = LoopbackAuthority.parse(origin.substring(HTTP_SCHEME.length()));
		return authority != null && authority.effectivePort() == port;
	}

	// Fetch metadata, which browsers send and a page cannot forge: another site's page
	// (or another port's: ports are the same site) may link here, but not load, embed,
	// frame or post.
	private static boolean isOwnSiteOrNavigation(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		if (site == null || OWN_SITES.contains(site)) {
			return true;
		}
		return (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))
				&& "navigate".equals(request.getHeader("Sec-Fetch-Mode"))
				&& "document".equals(request.getHeader("Sec-Fetch-Dest"));
	}

	// JSON is not among the types a page may send without a preflight, so a request that
	// says it is JSON came from no page, or from one the service allowed (none).
	private static boolean isJson(List<String> contentTypes) {
		if (contentTypes.size() != 1) {
			return false;
		}
		String value = contentTypes.get(0);
		int parameters = value.indexOf(';');
		String essence = ((parameters < 0) ? value : value.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
		return essence.equals("application/json") || isJsonSuffixed(essence);
	}

	// Such as the actuator's own application/vnd.spring-boot.actuator.v3+json.
	private static boolean isJsonSuffixed(String essence) {
		String prefix = "application/";
		String suffix = "+json";
		if (!essence.startsWith(prefix) || !essence.endsWith(suffix)
				|| essence.length() == prefix.length() + suffix.length()) {
			return false;
		}
		return essence.substring(prefix.length(), essence.length() - suffix.length())
			.chars()
			.allMatch((c) -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-');
	}

	private static List<String> headers(HttpServletRequest request, String name) {
		return Collections.list(request.getHeaders(name));
	}

}
