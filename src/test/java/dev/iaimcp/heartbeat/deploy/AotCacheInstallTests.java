package dev.iaimcp.heartbeat.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the install chooses between the AOT cache (Java 25+), the CDS archive (before) and
 * none, with fake javas that only report a version and play the parts of {@code extract}
 * and the training run. The real javas with the real jar are {@link AotCacheInstallIT}.
 */
class AotCacheInstallTests {

	private static final String LAUNCH_AGENT = "Library/LaunchAgents/dev.iaimcp.heartbeat-scanner.plist";

	private static final String USER_UNIT = ".config/systemd/user/heartbeat-scanner.service";

	/** Answers the version query of resolve_java and common.sh's java_version. */
	private static final String VERSION = """
			if [ "$1" = -XshowSettings:properties ]; then
				echo '    java.specification.version = %s' >&2
				exit 0
			fi
			""";

	/** Lays out what {@code -Djarmode=tools extract} would: a thin jar and lib/. */
	private static final String EXTRACT = """
			if [ "$1" = -Djarmode=tools ]; then
				while [ $# -gt 0 ]; do
					[ "$1" = --destination ] && dest="$2"
					shift
				done
				mkdir -p "$dest/lib" && echo thin >"$dest/heartbeat-scanner.jar" && echo dep >"$dest/lib/dep.jar"
				exit 0
			fi
			""";

	@TempDir
	Path tempDir;

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void beforeJava25TheInstallTrainsACdsArchiveThatTheServiceDefinitionUses(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		Path java = fakeJava("17", EXTRACT + "echo archive >\"${2#-XX:ArchiveClassesAtExit=}\"\nexit 0\n");
		ScriptSandbox.ScriptResult result = install(sandbox, platform, java);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).doesNotContain("warning");
		assertThat(sandbox.installDir().resolve("heartbeat-scanner.jar")).hasContent("thin");
		assertThat(sandbox.installDir().resolve("lib/dep.jar")).exists();
		assertThat(sandbox.installDir().resolve("app.aot")).doesNotExist();
		assertThat(Files.readAllLines(sandbox.installDir().resolve("aot.options")))
			.contains("-XX:SharedArchiveFile=\"" + sandbox.installDir().resolve("app.jsa") + "\"");
		assertThat(Files.readString(sandbox.home().resolve(definition(platform))))
			.contains("@" + sandbox.installDir().resolve("aot.options"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void beforeJava25AFailedTrainingRunLeavesNoArchiveAndTheServiceStillReadsTheOptions(String platform)
			throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		// The JVM writes the archive as it exits; a run that fails may leave part of one.
		Path java = fakeJava("17", EXTRACT + """
				echo "training run: $*"
				echo partial >"${2#-XX:ArchiveClassesAtExit=}"
				echo 'training failed on purpose' >&2
				exit 1
				""");
		ScriptSandbox.ScriptResult result = install(sandbox, platform, java);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("warning: the CDS archive training run failed (exit 1)")
			.contains("training failed on purpose")
			// The training run uses the service's flags and jar path, as the JVM checks
			// both.
			.contains("training run: @" + sandbox.installDir().resolve("jvm.options") + " -XX:ArchiveClassesAtExit="
					+ sandbox.installDir().resolve("app.jsa") + " -Dspring.context.exit=onRefresh -jar "
					+ sandbox.installDir().resolve("heartbeat-scanner.jar") + " --server.port=0");
		assertNoCacheFlag(sandbox);
		assertThat(sandbox.installDir().resolve("app.jsa")).doesNotExist();
		assertThat(sandbox.installDir().resolve("lib/dep.jar")).exists();
		assertThat(Files.readString(sandbox.home().resolve(definition(platform))))
			.contains("@" + sandbox.installDir().resolve("aot.options"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void aJarJava25CannotExtractIsInstalledAsItIsWithoutACache(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		ScriptSandbox.ScriptResult result = install(sandbox, platform,
				fakeJava("25", "echo 'Error: Invalid or corrupt jarfile' >&2\nexit 1\n"));
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("warning: could not extract").contains("Invalid or corrupt jarfile");
		assertNoCacheFlag(sandbox);
		assertThat(sandbox.installDir().resolve("heartbeat-scanner.jar")).hasBinaryContent(ScriptSandbox.JAR_CONTENT);
		assertThat(sandbox.installDir().resolve("lib")).doesNotExist();
		assertThat(sandbox.installDir().resolve("extract.tmp")).doesNotExist();
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void aFailedTrainingRunLeavesTheExtractedJarWithoutACache(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		Path java = fakeJava("25", EXTRACT + """
				echo "training run: $*"
				touch app.aot.config
				echo 'training failed on purpose' >&2
				exit 3
				""");
		ScriptSandbox.ScriptResult result = install(sandbox, platform, java);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("warning: the AOT cache training run failed (exit 3)")
			.contains("training failed on purpose")
			// The training run uses the service's flags and jar path, and a throwaway
			// store.
			.contains("training run: @" + sandbox.installDir().resolve("jvm.options") + " -XX:AOTCacheOutput="
					+ sandbox.installDir().resolve("app.aot") + " -Dspring.context.exit=onRefresh -jar "
					+ sandbox.installDir().resolve("heartbeat-scanner.jar") + " --server.port=0")
			.doesNotContain("--iai.heartbeat.wrappers-dir=" + sandbox.store());
		assertNoCacheFlag(sandbox);
		assertThat(sandbox.installDir().resolve("heartbeat-scanner.jar")).hasContent("thin");
		assertThat(sandbox.installDir().resolve("lib/dep.jar")).exists();
		assertThat(sandbox.installDir().resolve("app.aot")).doesNotExist();
		assertThat(sandbox.installDir().resolve("app.aot.config")).doesNotExist();
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void uninstallRemovesTheExtractedLibrariesAndTheCaches(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		Path java = fakeJava("25", EXTRACT + "echo cache >\"${2#-XX:AOTCacheOutput=}\"\nexit 0\n");
		ScriptSandbox.ScriptResult result = install(sandbox, platform, java);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(sandbox.installDir().resolve("app.aot")).exists();
		assertThat(sandbox.installDir().resolve("aot.options")).content()
			.contains("-XX:AOTCache=\"" + sandbox.installDir().resolve("app.aot") + "\"");
		// Left by an earlier install with an older java, as a service manager may have
		// kept it open.
		Files.writeString(sandbox.installDir().resolve("app.jsa"), "archive");
		assertThat(sandbox.run("deploy/" + platform + "/uninstall.sh").exitCode()).isZero();
		assertThat(sandbox.installDir()).doesNotExist();
		assertThat(sandbox.filesInHome()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "launchd", "systemd" })
	void reinstallingWithAnOlderJavaReplacesTheAotCacheByACdsArchive(String platform) throws Exception {
		ScriptSandbox sandbox = new ScriptSandbox(this.tempDir);
		Path java25 = fakeJava("25", EXTRACT + "echo cache >\"${2#-XX:AOTCacheOutput=}\"\nexit 0\n");
		assertThat(install(sandbox, platform, java25).exitCode()).isZero();
		assertThat(sandbox.installDir().resolve("app.aot")).exists();
		Path java17 = fakeJava("17", EXTRACT + "echo archive >\"${2#-XX:ArchiveClassesAtExit=}\"\nexit 0\n");
		ScriptSandbox.ScriptResult result = install(sandbox, platform, java17);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(sandbox.installDir().resolve("app.aot")).doesNotExist();
		assertThat(sandbox.installDir().resolve("app.jsa")).exists();
		assertThat(Files.readAllLines(sandbox.installDir().resolve("aot.options")))
			.contains("-XX:SharedArchiveFile=\"" + sandbox.installDir().resolve("app.jsa") + "\"")
			.noneMatch((line) -> line.contains("AOTCache"));
	}

	private static void assertNoCacheFlag(ScriptSandbox sandbox) throws IOException {
		List<String> lines = Files.readAllLines(sandbox.installDir().resolve("aot.options"));
		assertThat(lines).isNotEmpty().allMatch((line) -> line.startsWith("#"));
	}

	private ScriptSandbox.ScriptResult install(ScriptSandbox sandbox, String platform, Path java) throws Exception {
		return sandbox.run(
				Map.of("HEARTBEAT_SCANNER_FILES_ONLY", "1", "JAVA_HOME", java.getParent().getParent().toString()),
				"deploy/" + platform + "/install.sh");
	}

	private Path fakeJava(String version, String rest) throws IOException {
		Path bin = Files.createDirectories(this.tempDir.resolve("jdk-" + version + "/bin"));
		Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\n" + VERSION.formatted(version) + rest);
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
		return java;
	}

	private static String definition(String platform) {
		return "launchd".equals(platform) ? LAUNCH_AGENT : USER_UNIT;
	}

}
