package dev.kindred.bench.quality;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Wall time and peak memory of one phase: the JVM heap pools' peak since {@link #start()} (reset
 * there) and the process's resident high-water mark (VmHWM: native memory such as XGBoost's
 * included, but over the process's whole life, so an upper bound for the phase).
 */
final class ResourceMeter {

  private long started;

  static ResourceMeter start() {
    ResourceMeter m = new ResourceMeter();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    m.started = System.nanoTime();
    return m;
  }

  /** "12.3 s, heap peak 456 MB, process peak 789 MB". */
  String stop() {
    double seconds = (System.nanoTime() - started) / 1e9;
    long heap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heap += pool.getPeakUsage().getUsed();
      }
    }
    return String.format(Locale.ROOT, "%.1f s, heap peak %d MB, process peak %s", seconds, heap >> 20, residentPeak());
  }

  private static String residentPeak() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return (Long.parseLong(line.replaceAll("\\D", "")) >> 10) + " MB";
        }
      }
    } catch (Exception e) {
      // not Linux: no resident figure
    }
    return "unknown";
  }
}
