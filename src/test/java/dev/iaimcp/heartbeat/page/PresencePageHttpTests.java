package dev.iaimcp.heartbeat.page;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.iaimcp.heartbeat.history.DepartureReason;
import dev.iaimcp.heartbeat.history.HistoryEvent;
import dev.iaimcp.heartbeat.history.PresenceHistory;
import dev.iaimcp.heartbeat.testsupport.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The page over a real port: what a browser gets, and what it is told not to do with it.
 */
// The context watches a temporary directory: close it before that is deleted.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PresencePageHttpTests {

	@TempDir
	static Path store;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	PresenceHistory history;

	@DynamicPropertySource
	static void storeProperties(DynamicPropertyRegistry registry) {
		registry.add("iai.heartbeat.wrappers-dir", () -> store.resolve("wrappers").toString());
	}

	@Test
	void thePageIsHtmlThatSaysTheStateInOneLine() throws Exception {
		await().untilAsserted(() -> assertThat(get("/").body()).contains("Absent for "));
		HttpResponse<String> page = get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type").orElseThrow())
			.isEqualToIgnoringCase("text/html;charset=UTF-8");
		assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(page.body()).contains("<p id=\"state\" class=\"state state-absent\"")
			.contains(", no wrapper seen yet</p>")
			.contains("No heartbeat files right now.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/page/presence.css", "/page/presence.js" })
	void everyPartOfThePageForbidsFramingForeignScriptsSniffingAndReferrers(String path) throws Exception {
		HttpResponse<String> answer = get(path);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((policy) -> assertThat(policy)
				.contains("default-src 'self'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
				.doesNotContain("unsafe-inline", "unsafe-eval", "*"));
		assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void theStyleAndScriptComeFromTheJarWithTheirTypes() throws Exception {
		HttpResponse<String> style = get("/page/presence.css");
		assertThat(style.headers().firstValue("Content-Type").orElseThrow())
			.isEqualToIgnoringCase("text/css;charset=UTF-8");
		assertThat(style.body()).contains("prefers-color-scheme: dark");
		HttpResponse<String> script = get("/page/presence.js");
		assertThat(script.headers().firstValue("Content-Type").orElseThrow())
			.isEqualToIgnoringCase("text/javascript;charset=UTF-8");
		assertThat(script.body()).contains("new EventSource('/presence/stream')");
	}

	@Test
	void aUuidWithAScriptInItIsShownAsText() throws Exception {
		String uuid = "<script>alert('page')</script>";
		this.history.record(HistoryEvent.departed(Instant.now(), 31337, uuid, "heartbeat-31337-x.json",
				DepartureReason.PROCESS_ENDED, null));
		String page = get("/").body();
		assertThat(page).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;page&#39;)&lt;/script&gt;");
		assertThat(page).contains("pid 31337 ended (process ended)");
	}

	@Test
	void nothingOnThePageChangesState() throws Exception {
		String page = get("/").body();
		assertThat(page).doesNotContain("<form", "<button", "method=\"post\"");
		assertThat(get("/page/presence.js").body()).doesNotContain("POST", "method:");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/page/presence.js" })
	void aRebindingPageIsRefusedThePageToo(String path) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: evil.example:" + this.port
						+ "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			assertThat(RawHttp.statusLine(socket)).isEqualTo("HTTP/1.1 421");
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
