package dev.iaimcp.heartbeat.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackGuardTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1:8479", "localhost:8479", "[::1]:8479", "[0:0:0:0:0:0:0:1]:8479" })
	void aClientThatIsNoBrowserIsServed(String host) {
		assertThat(LoopbackGuard.refusal(get(host))).isNull();
		assertThat(LoopbackGuard.refusal(postJson(host))).isNull();
	}

	@Test
	void aRequestWithoutHostIsServedAsNoBrowserSendsOne() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
		request.setLocalPort(8479);
		assertThat(LoopbackGuard.refusal(request)).isNull();
		request.addHeader("Origin", "http://127.0.0.1:8479");
		assertThat(LoopbackGuard.refusal(request)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "evil.example", "evil.example:8479", "127.0.0.1.evil.example:8479", "2130706433:8479" })
	void aForeignHostIsMisdirectedWhateverElseTheRequestSays(String host) {
		assertThat(LoopbackGuard.refusal(get(host))).isEqualTo(Refusal.FOREIGN_HOST);
		MockHttpServletRequest sameOrigin = postJson(host);
		sameOrigin.addHeader("Origin", "http://" + host);
		sameOrigin.addHeader("Sec-Fetch-Site", "same-origin");
		assertThat(LoopbackGuard.refusal(sameOrigin)).isEqualTo(Refusal.FOREIGN_HOST);
	}

	@ParameterizedTest
	@CsvSource({ "127.0.0.1:8479, http://127.0.0.1:8479", "localhost:8479, http://localhost:8479",
			"localhost:8479, http://127.0.0.1:8479", "[::1]:8479, http://[::1]:8479", "localhost, http://localhost",
			"localhost, http://localhost:80", "localhost:80, http://localhost" })
	void aPageOfTheServiceItselfIsServed(String host, String origin) {
		for (MockHttpServletRequest request : new MockHttpServletRequest[] { get(host), postJson(host) }) {
			request.addHeader("Origin", origin);
			request.addHeader("Sec-Fetch-Site", "same-origin");
			assertThat(LoopbackGuard.refusal(request)).isNull();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://evil.example", "http://evil.example:8479", "https://127.0.0.1:8479",
			"http://127.0.0.1:3000", "http://localhost", "http://127.0.0.1:8479/", "http://127.0.0.1:8479.evil.example",
			"HTTP://127.0.0.1:8479", "http://user@127.0.0.1:8479", "null", "", "file://", "127.0.0.1:8479" })
	void aForeignOriginIsForbiddenForReadsAndWrites(String origin) {
		for (MockHttpServletRequest request : new MockHttpServletRequest[] { get("127.0.0.1:8479"),
				postJson("127.0.0.1:8479"), options("127.0.0.1:8479") }) {
			request.addHeader("Origin", origin);
			assertThat(LoopbackGuard.refusal(request)).isEqualTo(Refusal.FOREIGN_ORIGIN);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "cross-site", "same-site", "something-new" })
	void anotherSitesPageMayLinkHereButNotLoadPostOrFrame(String site) {
		MockHttpServletRequest link = fetched(get("127.0.0.1:8479"), site, "navigate", "document");
		assertThat(LoopbackGuard.refusal(link)).isNull();
		assertThat(LoopbackGuard.refusal(fetched(get("127.0.0.1:8479"), site, "no-cors", "script")))
			.isEqualTo(Refusal.CROSS_SITE);
		assertThat(LoopbackGuard.refusal(fetched(get("127.0.0.1:8479"), site, "navigate", "iframe")))
			.isEqualTo(Refusal.CROSS_SITE);
		assertThat(LoopbackGuard.refusal(fetched(get("127.0.0.1:8479"), site, "cors", "empty")))
			.isEqualTo(Refusal.CROSS_SITE);
		assertThat(LoopbackGuard.refusal(fetched(postJson("127.0.0.1:8479"), site, "navigate", "document")))
			.isEqualTo(Refusal.CROSS_SITE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "same-origin", "none" })
	void theServicesOwnPagesAndTheUsersOwnTypingAreServed(String site) {
		assertThat(LoopbackGuard.refusal(fetched(get("127.0.0.1:8479"), site, "cors", "empty"))).isNull();
		assertThat(LoopbackGuard.refusal(fetched(postJson("127.0.0.1:8479"), site, "cors", "empty"))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
			"multipart/form-data; boundary=x", "application/jsonx", "application/json-seq", "text/json",
			"application/+json", "application/a/b+json", "application/a+b+json", "application/x+json+",
			"application/a b+json", "text/plain, application/json", "" })
	void aPostThatIsNoJsonIsUnsupported(String contentType) {
		MockHttpServletRequest request = request("POST", "127.0.0.1:8479");
		request.addHeader("Content-Type", contentType);
		assertThat(LoopbackGuard.refusal(request)).isEqualTo(Refusal.NOT_JSON);
	}

	@Test
	void methodsAPageMustAskForFirstAreLeftToTheEndpoints() {
		for (String method : new String[] { "PUT", "PATCH", "DELETE" }) {
			MockHttpServletRequest request = request(method, "127.0.0.1:8479");
			request.addHeader("Content-Type", "text/plain");
			assertThat(LoopbackGuard.refusal(request)).as(method).isNull();
			request.addHeader("Origin", "http://evil.example");
			assertThat(LoopbackGuard.refusal(request)).as(method).isEqualTo(Refusal.FOREIGN_ORIGIN);
		}
	}

	@Test
	void aPostWithoutContentTypeIsUnsupportedAsAPageMaySendOne() {
		assertThat(LoopbackGuard.refusal(request("POST", "127.0.0.1:8479"))).isEqualTo(Refusal.NOT_JSON);
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "Application/JSON", "application/json; charset=utf-8",
			" application/json ;charset=UTF-8", "application/vnd.spring-boot.actuator.v3+json" })
	void aJsonPostIsServed(String contentType) {
		MockHttpServletRequest request = request("POST", "127.0.0.1:8479");
		request.addHeader("Content-Type", contentType);
		assertThat(LoopbackGuard.refusal(request)).isNull();
	}

	@Test
	void readsNeedNoContentType() {
		for (String method : new String[] { "GET", "HEAD", "OPTIONS" }) {
			MockHttpServletRequest request = request(method, "127.0.0.1:8479");
			request.addHeader("Content-Type", "text/plain");
			assertThat(LoopbackGuard.refusal(request)).as(method).isNull();
		}
	}

	@ParameterizedTest
	@CsvSource({ "Host, evil.example, FOREIGN_HOST", "Origin, http://evil.example, FOREIGN_ORIGIN",
			"Content-Type, text/plain, NOT_JSON" })
	void aSecondValueOfAJudgedHeaderIsRefusedWhateverTheFirst(String header, String second, Refusal refusal) {
		MockHttpServletRequest request = postJson("127.0.0.1:8479");
		request.addHeader("Origin", "http://127.0.0.1:8479");
		request.addHeader(header, second);
		assertThat(LoopbackGuard.refusal(request)).isEqualTo(refusal);
	}

	private static MockHttpServletRequest get(String host) {
		return request("GET", host);
	}

	private static MockHttpServletRequest options(String host) {
		MockHttpServletRequest request = request("OPTIONS", host);
		request.addHeader("Access-Control-Request-Method", "POST");
		return request;
	}

	private static MockHttpServletRequest postJson(String host) {
		MockHttpServletRequest request = request("POST", host);
		request.addHeader("Content-Type", "application/json");
		return request;
	}

	private static MockHttpServletRequest request(String method, String host) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/actuator/presence");
		request.addHeader("Host", host);
		return request;
	}

	private static MockHttpServletRequest fetched(MockHttpServletRequest request, String site, String mode,
			String dest) {
		request.addHeader("Sec-Fetch-Site", site);
		request.addHeader("Sec-Fetch-Mode", mode);
		request.addHeader("Sec-Fetch-Dest", dest);
		return request;
	}

}
