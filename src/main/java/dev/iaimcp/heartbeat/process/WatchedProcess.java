package dev.iaimcp.heartbeat.process;

/**
 * One process, held on to so that whether it has ended can be asked again and again, and
 * cheaply: the question is asked every second all day. Once its pid names another
 * process, it has ended too.
 */
public interface WatchedProcess extends AutoCloseable {

	boolean hasEnded();

	@Override
	void close();

}
