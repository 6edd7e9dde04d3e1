package dev.iaimcp.heartbeat.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * Reads answers off a plain socket, for tests that speak HTTP/1.1 by hand to be what no
 * well-behaved client is.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Reads the status line of the answer.
	 * @param socket the connection the request went out on
	 * @return for example {@code HTTP/1.1 413}, without the reason phrase, which a server
	 * may send or leave out
	 * @throws IOException if the answer cannot be read
	 */
	public static String statusLine(Socket socket) throws IOException {
		StringBuilder line = new StringBuilder();
		InputStream input = socket.getInputStream();
		for (int next = input.read(); next != -1 && next != '\r'; next = input.read()) {
			line.append((char) next);
		}
		String[] versionAndCode = line.toString().split(" ", 3);
		return (versionAndCode.length < 2) ? line.toString() : versionAndCode[0] + " " + versionAndCode[1];
	}

}
