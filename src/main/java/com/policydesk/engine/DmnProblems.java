package com.policydesk.engine;

import org.kie.dmn.api.core.DMNMessage;
import org.xml.sax.SAXParseException;

import java.util.List;

/** Turns what the DMN compiler throws or reports into a file, a line and a readable message. */
final class DmnProblems {
    private DmnProblems() {
    }

    /** The file the failure names, or the only DMN file, or the first one. */
    static String fileOf(Throwable failure, List<RuleFile> dmnFiles) {
        String text = describe(failure);
        for (RuleFile file : dmnFiles) {
            if (text.contains(file.path())) {
                return file.path();
            }
        }
        return dmnFiles.get(0).path();
    }

    static int lineOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SAXParseException sax) {
                return Math.max(sax.getLineNumber(), 0);
            }
            if (t instanceof javax.xml.stream.XMLStreamException xml && xml.getLocation() != null) {
                return Math.max(xml.getLocation().getLineNumber(), 0);
            }
        }
        return 0;
    }

    static int lineOf(DMNMessage message) {
        return lineOf(message.getException());
    }

    /** The innermost message: the outer ones only say that loading failed. */
    static String describe(Throwable failure) {
        String text = failure.toString();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                text = t.getMessage();
            }
        }
        return "DMN cannot be read: " + text;
    }
}
