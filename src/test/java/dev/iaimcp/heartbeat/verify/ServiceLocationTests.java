package dev.iaimcp.heartbeat.verify;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.BindException;

import dev.iaimcp.heartbeat.settings.SettingsErrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Verify finds the service where the service's own configuration puts it, from the same
 * sources, without an application context.
 */
class ServiceLocationTests {

	@TempDir
	Path store;

	@Test
	void packagedDefaultsPointAtLoopback8479AndTheStoresWrappers() {
		ServiceLocation location = ServiceLocation.resolve(List.of());
		assertThat(location.actuator()).isEqualTo(URI.create("http://127.0.0.1:8479/actuator/"));
		assertThat(location.display()).isEqualTo("127.0.0.1:8479");
		assertThat(location.wrappersDir().toString()).endsWith("/wrappers");
	}

	@Test
	void theStoresConfigurationFileIsReadAsTheServiceReadsIt() throws IOException {
		// The packaged import names
		// ${IAI_MCP_STORE:${user.home}/.iai-mcp}/heartbeat-scanner.yml.
		Path iaiMcp = Files.createDirectories(this.store.resolve(".iai-mcp"));
		Files.writeString(iaiMcp.resolve("heartbeat-scanner.yml"),
				"server:\n  port: 9123\niai:\n  heartbeat:\n    wrappers-dir: ~/elsewhere\n");
		ServiceLocation location = ServiceLocation.resolve(List.of("--user.home=" + this.store));
		assertThat(location.display()).isEqualTo("127.0.0.1:9123");
		assertThat(location.wrappersDir()).isEqualTo(Path.of(System.getProperty("user.home"), "elsewhere"));
	}

	@Test
	void commandLineWinsAndAWildcardAddressIsReachedOnLoopback() {
		ServiceLocation location = ServiceLocation
			.resolve(List.of("--server.port=9000", "--server.address=0.0.0.0", "--iai.heartbeat.wrappers-dir=/tmp/w"));
		assertThat(location.actuator()).isEqualTo(URI.create("http://127.0.0.1:9000/actuator/"));
		assertThat(location.wrappersDir()).isEqualTo(Path.of("/tmp/w"));
	}

	@Test
	void separateManagementPortAndBasePathAreWhereTheEndpointsAre() {
		ServiceLocation location = ServiceLocation.resolve(List.of("--management.server.port=9001",
				"--management.endpoints.web.base-path=/manage", "--server.address=::1"));
		assertThat(location.actuator()).isEqualTo(URI.create("http://[0:0:0:0:0:0:0:1]:9001/manage/"));
	}

	@Test
	void randomPortCannotBeVerified() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServiceLocation.resolve(List.of("--server.port=0")))
			.withMessageContaining("server.port is 0");
	}

	@Test
	void badSettingsFailAsTheServiceWouldNamingEach() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> ServiceLocation
				.resolve(List.of("--iai.heartbeat.stale-threshold-sec=0", "--iai.heartbeat.idle-window-sec=-1")))
			.satisfies((ex) -> assertThat(SettingsErrors.describe(ex)).isEqualTo(
					"iai.heartbeat.stale-threshold-sec=0 (\"iai.heartbeat.stale-threshold-sec\" from property source "
							+ "\"commandLineArgs\"): must be greater than 0; iai.heartbeat.idle-window-sec=-1 "
							+ "(\"iai.heartbeat.idle-window-sec\" from property source \"commandLineArgs\"): "
							+ "must be greater than 0"));
	}

}
