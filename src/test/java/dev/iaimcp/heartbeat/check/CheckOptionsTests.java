package dev.iaimcp.heartbeat.check;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CheckOptionsTests {

	@Test
	void noArgumentsMeanTheOneLineReportWithoutCleanup() {
		assertThat(CheckOptions.parse(List.of())).isEqualTo(new CheckOptions(false, false, false, List.of()));
	}

	@Test
	void flagsAndSettingsMixInAnyOrder() {
		CheckOptions options = CheckOptions
			.parse(List.of("--iai.heartbeat.wrappers-dir=/tmp/w", "--cleanup", "--json", "--server.port=0"));
		assertThat(options.json()).isTrue();
		assertThat(options.cleanup()).isTrue();
		assertThat(options.settings()).containsExactly("--iai.heartbeat.wrappers-dir=/tmp/w", "--server.port=0");
	}

	@Test
	void mistypedFlagIsRefusedRatherThanTakenForASetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> CheckOptions.parse(List.of("--jsno")))
			.withMessage("unknown argument '--jsno'");
	}

	@Test
	void argumentThatIsNoOptionIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> CheckOptions.parse(List.of("/tmp/w")))
			.withMessage("unknown argument '/tmp/w'");
	}

}
