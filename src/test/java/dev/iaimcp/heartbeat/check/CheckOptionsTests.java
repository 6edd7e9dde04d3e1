package dev.iaimcp.heartbeat.check;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
	void historyTakesItsCountAsTheNextArgumentOrAfterAnEqualsSign() {
		assertThat(CheckOptions.parse(List.of("--history", "5")).history()).isEqualTo(5);
		assertThat(CheckOptions.parse(List.of("--history=1000", "--json")).history()).isEqualTo(1000);
		assertThat(CheckOptions.parse(List.of("--json")).history()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "1001", "-1", "ten", "99999999999", "" })
	void historyCountOutsideOneToAThousandIsRefused(String count) {
		assertThatIllegalArgumentException().isThrownBy(() -> CheckOptions.parse(List.of("--history=" + count)))
			.withMessage("--history needs a number from 1 to 1000, not '" + count + "'");
		assertThatIllegalArgumentException().isThrownBy(() -> CheckOptions.parse(List.of("--history")))
			.withMessage("--history needs a number from 1 to 1000, not ''");
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
