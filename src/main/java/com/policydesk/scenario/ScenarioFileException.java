package com.policydesk.scenario;

/** A scenario file that cannot be used as written: it names the file and the line. */
public final class ScenarioFileException extends RuntimeException {
    private final String file;
    private final int line;

    public ScenarioFileException(String file, int line, String message) {
        super((line > 0 ? file + ":" + line : file) + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
