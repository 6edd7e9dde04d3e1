package dev.iaimcp.heartbeat.verify;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

import dev.iaimcp.heartbeat.settings.CommandLineSettings;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * Where the service answers and which directory it should scan, read from the sources the
 * service reads (the packaged defaults, {@code ~/.iai-mcp/heartbeat-scanner.yml} or
 * {@code $IAI_MCP_STORE/heartbeat-scanner.yml}, {@code ./application.yml}, the
 * environment, {@code --key=value}) by Spring Boot's own config data loading and binder,
 * without an application context.
 *
 * @param actuator the base URI of the actuator endpoints
 * @param display how to name the service to a person, for example {@code 127.0.0.1:8479}
 * @param wrappersDir the wrappers directory the configuration names
 */
record ServiceLocation(URI actuator, String display, Path wrappersDir) {

	private static final String DEFAULT_BASE_PATH = "/actuator";

	/**
	 * Resolves the location from the configuration.
	 * @param settings {@code --key=value} arguments, which win over everything else
	 * @return the location
	 * @throws IllegalArgumentException when the port is chosen at random
	 * @throws org.springframework.boot.context.properties.bind.BindException naming a
	 * setting that the service would refuse
	 */
	static ServiceLocation resolve(List<String> settings) {
		Binder binder = Binder.get(CommandLineSettings.environment(settings));
		HeartbeatProperties properties = HeartbeatProperties.bind(binder);
		int port = binder.bind("management.server.port", Integer.class)
			.orElseGet(() -> binder.bind("server.port", Integer.class).orElse(8080));
		if (port <= 0) {
			throw new IllegalArgumentException("server.port is " + port
					+ ": the service listens on a port chosen at random, which verify cannot know");
		}
		InetAddress address = binder.bind("management.server.address", InetAddress.class)
			.orElseGet(() -> binder.bind("server.address", InetAddress.class).orElse(null));
		String host = (address == null || address.isAnyLocalAddress()) ? "127.0.0.1" : address.getHostAddress();
		String hostInUri = host.contains(":") ? "[" + host + "]" : host;
		String basePath = binder.bind("management.endpoints.web.base-path", Bindable.of(String.class))
			.orElse(DEFAULT_BASE_PATH);
		return new ServiceLocation(URI.create("http://" + hostInUri + ":" + port + basePath + "/"),
				hostInUri + ":" + port, properties.wrappersDir());
	}

}
