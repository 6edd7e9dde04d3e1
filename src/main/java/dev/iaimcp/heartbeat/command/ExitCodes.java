package dev.iaimcp.heartbeat.command;

/**
 * The exit codes of every one-shot command, in one place.
 */
public final class ExitCodes {

	/** The command did what it was asked, and all it checks held. */
	public static final int OK = 0;

	/** {@code check}: the wrappers directory could not be read. */
	public static final int DIRECTORY_UNREADABLE = 1;

	/** {@code verify}: not everything held, or no service answered. */
	public static final int NOT_ALL_HELD = 1;

	/** Any command: a bad command line or configuration. */
	public static final int USAGE_OR_CONFIGURATION_ERROR = 2;

	private ExitCodes() {
	}

}
