package dev.iaimcp.heartbeat.http;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A {@code host[:port]} that can only mean this machine: {@code localhost}, a
 * {@code 127.x.x.x} address or {@code [::1]}, in the one spelling that browsers, curl and
 * Java's and Python's clients send.
 * <p>
 * A page that rebinds its own DNS name to 127.0.0.1 reaches the service under that name,
 * so the name is what gives it away; no such page can make a browser send any of these.
 * Parsed whole, never searched: {@code 127.0.0.1.evil.example},
 * {@code localhost.evil.example} and {@code evil.example#@127.0.0.1} are refused. So are
 * spellings that only some resolvers read as loopback and that browsers never send (they
 * normalise a URL's host first): numeric IPv4 forms ({@code 2130706433}, {@code 0x7f.1},
 * {@code 0177.0.0.1}, {@code 127.1}), {@code localhost.} and its subdomains, zone ids,
 * IPv4-mapped IPv6, userinfo and empty ports.
 *
 * @param host the host, in lower case
 * @param port the port, or {@link #NO_PORT} when none was given
 */
record LoopbackAuthority(String host, int port) {

	static final int NO_PORT = -1;

	private static final int DEFAULT_HTTP_PORT = 80;

	private static final int MAX_LENGTH = 64;

	private static final int MAX_PORT_DIGITS = 5;

	private static final int MAX_PORT = 65535;

	/**
	 * Reads a {@code Host} header's value, or an origin's part after {@code http://}.
	 * @param value the text, untrusted
	 * @return the authority, or {@code null} when it is anything but a loopback name or
	 * address with an optional port
	 */
	static @Nullable LoopbackAuthority parse(String value) {
		if (value.isEmpty() || value.length() > MAX_LENGTH || !isAscii(value)) {
			return null;
		}
		int hostEnd = (value.charAt(0) == '[') ? value.indexOf(']') + 1 : value.indexOf(':');
		if (hostEnd == 0) {
			return null;
		}
		if (hostEnd < 0) {
			hostEnd = value.length();
		}
		String host = value.substring(0, hostEnd).toLowerCase(Locale.ROOT);
		int port = port(value.substring(hostEnd));
		return (isLoopback(host) && port != 0) ? new LoopbackAuthority(host, port) : null;
	}

	/**
	 * The port a browser means, 80 when none is given.
	 * @return the port
	 */
	int effectivePort() {
		return (this.port == NO_PORT) ? DEFAULT_HTTP_PORT : this.port;
	}

	/** Lower-casing beyond ASCII would let look-alikes through. */
	private static boolean isAscii(String value) {
		return value.chars().allMatch((c) -> c < 0x80);
	}

	private static boolean isLoopback(String host) {
		return host.equals("localhost") || host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]")
				|| isLoopbackIpv4(host);
	}

	/**
	 * Four decimal parts, none with a leading zero (which some parsers read as octal).
	 */
	private static boolean isLoopbackIpv4(String host) {
		String[] parts = host.split("\\.", -1);
		if (parts.length != 4) {
			return false;
		}
		for (String part : parts) {
			int value = decimal(part, 3);
			if (value < 0 || value > 255 || (part.length() > 1 && part.charAt(0) == '0')) {
				return false;
			}
		}
		return parts[0].equals("127");
	}

	/** {@code 0} for a malformed port: nobody listens there. */
	private static int port(String text) {
		if (text.isEmpty()) {
			return NO_PORT;
		}
		if (text.charAt(0) != ':') {
			return 0;
		}
		int port = decimal(text.substring(1), MAX_PORT_DIGITS);
		return (port > MAX_PORT) ? 0 : Math.max(port, 0);
	}

	/** The value of 1 to {@code maxDigits} ASCII digits, or {@code -1}. */
	private static int decimal(String digits, int maxDigits) {
		if (digits.isEmpty() || digits.length() > maxDigits) {
			return -1;
		}
		int value = 0;
		for (int i = 0; i < digits.length(); i++) {
			char c = digits.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
