package dev.iaimcp.heartbeat.scan;

/**
 * Told about each file as a scan judges it, on the scanning thread, so that cleanup can
 * reach every file without the scan keeping them all. Skipped files are never offered:
 * they may be neither trusted nor touched.
 */
public interface ScanObserver {

	/** Observes nothing: a scan that only looks. */
	ScanObserver NONE = new ScanObserver() {

		@Override
		public void judged(HeartbeatEntry entry) {
		}

		@Override
		public void abandoned(StagingLeftover leftover) {
		}

	};

	/**
	 * A heartbeat file was judged.
	 * @param entry the verdict
	 */
	void judged(HeartbeatEntry entry);

	/**
	 * A staging file was found old and its writer dead.
	 * @param leftover the staging file
	 */
	void abandoned(StagingLeftover leftover);

}
