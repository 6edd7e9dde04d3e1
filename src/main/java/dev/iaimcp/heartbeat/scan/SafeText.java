package dev.iaimcp.heartbeat.scan;

/**
 * Text from the file system made safe to write into a log line or an error message: a
 * file name can hold any character but {@code /} and NUL, and a newline or an escape
 * sequence in one would forge a log line or drive the reader's terminal. The rule: every
 * path, file name and failure that is logged goes through here, and failures are logged
 * as {@link #failure(Throwable) one line}, never as a stack trace, whose message no one
 * escapes.
 */
public final class SafeText {

	private SafeText() {
	}

	/**
	 * Escapes what could break a line or control a terminal: C0 controls, DEL, C1
	 * controls and the Unicode line and paragraph separators, as {@code \n}, {@code \r},
	 * {@code \t} or {@code \u001B}; a backslash is doubled so that an escape cannot be
	 * forged either.
	 * @param value a path, a name or a message
	 * @return its text, escaped
	 */
	public static String of(Object value) {
		String text = String.valueOf(value);
		int first = firstToEscape(text);
		if (first < 0) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
		for (int i = first; i < text.length(); i++) {
			append(escaped, text.charAt(i));
		}
		return escaped.toString();
	}

	/**
	 * A failure on one line: its class, its message escaped, and where it was thrown.
	 * @param failure the failure
	 * @return for example {@code IllegalStateException: no\nway (at a.B.c(B.java:1))}
	 */
	public static String failure(Throwable failure) {
		StackTraceElement[] stack = failure.getStackTrace();
		return of(failure) + ((stack.length > 0) ? " (at " + stack[0] + ")" : "");
	}

	private static int firstToEscape(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (needsEscape(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	private static boolean needsEscape(char c) {
		return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' || c == '\\';
	}

	private static void append(StringBuilder escaped, char c) {
		switch (c) {
			case '\n' -> escaped.append("\\n");
			case '\r' -> escaped.append("\\r");
			case '\t' -> escaped.append("\\t");
			case '\\' -> escaped.append("\\\\");
			default -> {
				if (needsEscape(c)) {
					escaped.append(String.format("\\u%04X", (int) c));
				}
				else {
					escaped.append(c);
				}
			}
		}
	}

}
