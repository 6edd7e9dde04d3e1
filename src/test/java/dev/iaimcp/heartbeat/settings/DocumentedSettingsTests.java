package dev.iaimcp.heartbeat.settings;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings as the code defines them (the configuration processor's metadata, built
 * from the properties records and their defaults) against what an operator reads: the
 * README's table and the commented {@code application.yml} at the top of the repository.
 * Every setting is in both, with the default the code applies, and neither names a
 * setting that does not exist.
 */
class DocumentedSettingsTests {

	private static final String PREFIX = HeartbeatProperties.PREFIX + ".";

	private static final Path README = Path.of("README.md");

	private static final Path OPERATORS_FILE = Path.of("application.yml");

	private static final Pattern README_ROW = Pattern.compile("^\\| `([^`]+)` \\| [^`|]*`([^`]+)`.*\\|$");

	// " # max-request-body: 4KB": a commented key, its indentation before and after the
	// #.
	private static final Pattern COMMENTED_KEY = Pattern.compile("^(\\s*)# (\\s*[a-z][a-z0-9-]*:.*)$");

	@Test
	void everySettingIsInTheReadmeTableWithTheDefaultTheCodeApplies() throws IOException {
		assertThat(readmeTable()).isEqualTo(codeDefaults());
	}

	@Test
	void everySettingIsInTheOperatorsApplicationYmlWithTheDefaultTheCodeApplies() throws IOException {
		assertThat(operatorsFile()).isEqualTo(codeDefaults());
	}

	@Test
	void thePackagedApplicationYmlSetsOnlyTheDefaultThatNeedsPlaceholders() throws IOException {
		assertThat(packagedSettings()).containsOnlyKeys(PREFIX + "wrappers-dir");
		assertThat(packagedSettings().get(PREFIX + "wrappers-dir")).contains("${IAI_MCP_STORE:${user.home}");
	}

	/**
	 * Every setting under {@code iai.heartbeat} and the default the code applies when it
	 * is not set: the metadata's, or for the two that have none there, the packaged
	 * {@code application.yml}'s directory and the drowsy threshold the unset key follows.
	 */
	private static Map<String, String> codeDefaults() throws IOException {
		Map<String, String> defaults = new LinkedHashMap<>();
		Map<String, String> packaged = packagedSettings();
		HeartbeatProperties unset = HeartbeatProperties
			.bind(Binder.get(new MockEnvironment().withProperty(PREFIX + "wrappers-dir", "/w")));
		for (JsonNode property : metadataProperties()) {
			String name = property.get("name").asString();
			JsonNode value = property.get("defaultValue");
			defaults.put(name, (value != null) ? value.asString() : packaged.get(name));
		}
		assertThat(defaults).containsEntry(PREFIX + "drowsy-after-sec", null);
		defaults.put(PREFIX + "drowsy-after-sec", Long.toString(unset.drowsyAfter().toSeconds()));
		assertThat(defaults).as("every setting has a default").doesNotContainValue(null);
		return defaults;
	}

	private static List<JsonNode> metadataProperties() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> properties = new ArrayList<>();
		for (URL metadata : Collections.list(DocumentedSettingsTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream input = metadata.openStream()) {
				for (JsonNode property : json.readTree(input).path("properties")) {
					if (property.get("name").asString().startsWith(PREFIX)) {
						properties.add(property);
					}
				}
			}
		}
		assertThat(properties).as("the configuration processor's metadata").isNotEmpty();
		return properties;
	}

	private static Map<String, String> readmeTable() throws IOException {
		List<String> lines = Files.readAllLines(README);
		int table = lines.indexOf("| key | default | meaning |");
		assertThat(table).as("the README's settings table").isNotNegative();
		Map<String, String> documented = new LinkedHashMap<>();
		for (String line : lines.subList(table + 2, lines.size())) {
			if (!line.startsWith("|")) {
				break;
			}
			Matcher row = README_ROW.matcher(line);
			assertThat(row.matches()).as("a row with a key and a default: %s", line).isTrue();
			documented.put(PREFIX + row.group(1), row.group(2));
		}
		return documented;
	}

	/**
	 * The operator's file with every commented key uncommented, read as Spring Boot
	 * would.
	 */
	private static Map<String, String> operatorsFile() throws IOException {
		StringBuilder uncommented = new StringBuilder();
		for (String line : Files.readAllLines(OPERATORS_FILE)) {
			Matcher key = COMMENTED_KEY.matcher(line);
			if (key.matches()) {
				uncommented.append(key.group(1)).append(key.group(2)).append('\n');
			}
			else if (!line.isBlank() && !line.strip().startsWith("#")) {
				uncommented.append(line).append('\n');
			}
		}
		return settings(new ByteArrayResource(uncommented.toString().getBytes(StandardCharsets.UTF_8)));
	}

	private static Map<String, String> packagedSettings() throws IOException {
		return settings(new ClassPathResource("application.yml"));
	}

	private static Map<String, String> settings(Resource yaml) throws IOException {
		Map<String, String> settings = new LinkedHashMap<>();
		for (PropertySource<?> source : new YamlPropertySourceLoader().load("yaml", yaml)) {
			EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
			for (String name : enumerable.getPropertyNames()) {
				if (name.startsWith(PREFIX)) {
					settings.put(name, String.valueOf(enumerable.getProperty(name)));
				}
			}
		}
		return settings;
	}

}
