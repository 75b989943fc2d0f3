package dev.feedloop.export;

/** Lets the export benchmark run the very query an export streams, with COPY into a null sink. */
public final class ExportBenchmarkAccess {

    private ExportBenchmarkAccess() {}

    public static String query(PreparedExport export) {
        return export.sql().lines();
    }

    public static String copyStatement(PreparedExport export) {
        return CopyOut.copyStatement(export.sql().lines());
    }
}
