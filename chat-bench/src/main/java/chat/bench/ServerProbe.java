package chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the server process's CPU time and resident memory from /proc (Linux). With no pid it reads
 * nothing and reports -1, so the load generator also runs against a server it cannot see.
 *
 * <p>Thread-safe: stateless reads.
 */
record ServerProbe(long pid) {
    /** Kernel clock ticks per second for /proc/PID/stat times; 100 on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    boolean present() {
        return pid > 0;
    }

    /** User plus system CPU seconds used so far, or -1. */
    double cpuSeconds() {
        if (!present()) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ", field 3 is state; utime and stime are fields 14 and 15 of the full line.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in bytes, or -1. */
    long rssBytes() {
        if (!present()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
