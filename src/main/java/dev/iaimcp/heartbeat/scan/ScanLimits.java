package dev.iaimcp.heartbeat.scan;

/**
 * How much one scan keeps in memory, whatever the directory holds: everything else is
 * counted, not kept.
 *
 * @param entries how many heartbeats a scan keeps (FRESH ones first), and how many a
 * cleanup may hold back to decide at the end of its pass
 * @param examples how many skipped, deleted or kept files are named, by category
 */
public record ScanLimits(int entries, int examples) {

	/** The limits the service and {@code check} scan with. */
	public static final ScanLimits DEFAULT = new ScanLimits(1_000, 100);

	public ScanLimits {
		if (entries < 1 || examples < 1) {
			throw new IllegalArgumentException("'entries' and 'examples' must be positive");
		}
	}

}
