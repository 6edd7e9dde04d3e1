package dev.iaimcp.heartbeat.http;

/**
 * Why {@link LoopbackGuard} turned a request away, each with the status it answers and
 * the rule it names; none repeats what the request sent.
 */
enum Refusal {

	/**
	 * The name the request was sent to is not this machine's: a page whose DNS name now
	 * points at 127.0.0.1. 421, as the server is not the one that name means.
	 */
	FOREIGN_HOST(421, "Host must be localhost, a 127.x.x.x address or [::1], with any port"),

	/** A page of another origin, a loopback one on another port included. */
	FOREIGN_ORIGIN(403, "Origin, when sent, must be http:// with a loopback host and the port the request was sent to"),

	/** A browser says another site's page sent it, and it is no plain link followed. */
	CROSS_SITE(403, "a request from another site's page is served only when it is a top-level GET or HEAD navigation"),

	/**
	 * A POST in a form a page may send without asking first (text/plain, a form,
	 * multipart, or no type at all).
	 */
	NOT_JSON(415, "a POST must have Content-Type: application/json");

	private final int status;

	private final String rule;

	Refusal(int status, String rule) {
		this.status = status;
		this.rule = rule;
	}

	int status() {
		return this.status;
	}

	String rule() {
		return this.rule;
	}

	/**
	 * The answer's body.
	 * @return one line of JSON with the status and the rule
	 */
	String json() {
		return "{\"status\":" + this.status + ",\"error\":\"" + name().toLowerCase(java.util.Locale.ROOT)
				+ "\",\"rule\":\"" + this.rule + "\"}\n";
	}

}
