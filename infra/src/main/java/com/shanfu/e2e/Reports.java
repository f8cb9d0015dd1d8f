package com.shanfu.e2e;

/** docs/benchmarks.md as the benchmarks write it: one "## " section per benchmark, replaced by its latest run. */
final class Reports {

    private Reports() {}

    /** The document with the section of the same heading replaced, or the section added at the end. */
    static String replaceSection(String doc, String section) {
        String heading = section.lines().findFirst().orElseThrow();
        int start = doc.indexOf(heading + "\n");
        if (start < 0) {
            return doc.stripTrailing() + "\n\n" + section;
        }
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(0, start) + section.stripTrailing() + "\n" + (end < 0 ? "" : doc.substring(end));
    }
}
