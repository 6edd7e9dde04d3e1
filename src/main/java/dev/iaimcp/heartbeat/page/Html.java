package dev.iaimcp.heartbeat.page;

/**
 * Text made safe to place in HTML, as element content or a quoted attribute value.
 */
final class Html {

	private Html() {
	}

	/**
	 * Escapes the five characters that could end the text's place in a page.
	 * @param text any text, file names and uuids from the wrappers directory included
	 * @return the text, escaped
	 */
	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
