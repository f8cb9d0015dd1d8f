package com.shanfu.tms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** docs/benchmarks.md as the TMS benchmarks write it: their "## " section replaced by the latest run. */
public final class BenchmarkReport {

    private BenchmarkReport() {}

    public static void write(String section) throws IOException {
        Path file = Path.of("..", "..", "docs", "benchmarks.md");
        String doc = Files.readString(file);
        String heading = section.lines().findFirst().orElseThrow() + "\n";
        int start = doc.indexOf(heading);
        if (start < 0) {
            doc = doc.stripTrailing() + "\n\n" + section;
        } else {
            int end = doc.indexOf("\n## ", start + 1);
            doc = doc.substring(0, start) + section.stripTrailing() + "\n" + (end < 0 ? "" : doc.substring(end));
        }
        Files.writeString(file, doc);
        System.out.println("written to " + file.toAbsolutePath().normalize());
    }
}
