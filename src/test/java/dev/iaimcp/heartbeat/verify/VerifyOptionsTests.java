package dev.iaimcp.heartbeat.verify;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class VerifyOptionsTests {

	@Test
	void flagsWaitAndSettingsAreToldApart() {
		VerifyOptions options = VerifyOptions.parse(List.of("--json", "--wait=30", "--server.port=9000"));
		assertThat(options.json()).isTrue();
		assertThat(options.timeLimit()).isEqualTo(Duration.ofSeconds(30));
		assertThat(options.awaitService()).isTrue();
		assertThat(options.settings()).containsExactly("--server.port=9000");
	}

	@Test
	void withoutWaitAMissingServiceFailsAtOnceAndTheRunHasAMinute() {
		VerifyOptions options = VerifyOptions.parse(List.of());
		assertThat(options.awaitService()).isFalse();
		assertThat(options.timeLimit()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void waitMustBeANumberOfSeconds() {
		assertThatIllegalArgumentException().isThrownBy(() -> VerifyOptions.parse(List.of("--wait=soon")))
			.withMessage("'--wait=soon' is not a number of seconds above 0");
		assertThatIllegalArgumentException().isThrownBy(() -> VerifyOptions.parse(List.of("--wait=-1")));
		assertThatIllegalArgumentException().isThrownBy(() -> VerifyOptions.parse(List.of("--wait=0")));
	}

	@Test
	void mistypedFlagIsNotTakenForASetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> VerifyOptions.parse(List.of("--jsn")))
			.withMessage("unknown argument '--jsn'");
	}

}
