package dev.iaimcp.heartbeat;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.iaimcp.heartbeat.check.CheckCommand;
import dev.iaimcp.heartbeat.verify.VerifyCommand;

/**
 * Starts the presence service, or runs the one-shot {@code check} or {@code verify}
 * command named by the first argument, without the service's application context.
 */
@SpringBootApplication
public class HeartbeatScannerApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals(CheckCommand.COMMAND)) {
			System.exit(check(Arrays.asList(args).subList(1, args.length)));
		}
		if (args.length > 0 && args[0].equals(VerifyCommand.COMMAND)) {
			System.exit(new VerifyCommand().run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
		}
		SpringApplication.run(HeartbeatScannerApplication.class, args);
	}

	// stdout carries the check's answer alone, so that --json can be piped; logs go to
	// stderr.
	private static int check(List<String> args) {
		PrintStream stdout = System.out;
		System.setOut(System.err);
		return new CheckCommand().run(args, stdout, System.err);
	}

}
