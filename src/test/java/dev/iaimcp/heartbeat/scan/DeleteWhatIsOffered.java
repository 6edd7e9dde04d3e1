package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The most eager cleanup there could be, for tests of what a scan offers for deletion: it
 * deletes every STALE and ORPHAN heartbeat and every staging leftover the scan hands it,
 * without any guard. A file it leaves alone is one no cleanup can ever be offered.
 */
public final class DeleteWhatIsOffered implements ScanObserver {

	private final List<Path> deleted = new ArrayList<>();

	private final List<StagingLeftover> leftovers = new ArrayList<>();

	public List<Path> deleted() {
		return this.deleted;
	}

	public List<StagingLeftover> leftovers() {
		return this.leftovers;
	}

	@Override
	public void judged(HeartbeatEntry entry) {
		if (entry.status() != HeartbeatStatus.FRESH) {
			delete(entry.file());
		}
	}

	@Override
	public void abandoned(StagingLeftover leftover) {
		this.leftovers.add(leftover);
		delete(leftover.file());
	}

	private void delete(Path file) {
		try {
			Files.deleteIfExists(file);
			this.deleted.add(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
