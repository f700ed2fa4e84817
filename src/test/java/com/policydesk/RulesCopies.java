package com.policydesk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Copies of the project's rules for tests that change them, and the changes they make. */
public final class RulesCopies {
    private static final String OFFERED = "<text>true</text>";
    private static final String NOT_OFFERED = "<text>false</text>";

    private RulesCopies() {
    }

    /** Copies a folder tree. */
    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** The Azure services table without its Virtual Machines row: the catch-all row then answers "not offered". */
    public static String withoutVirtualMachinesRow(String table) {
        int start = table.indexOf("<rule id=\"_rule_virtual_machines\">");
        if (start < 0) {
            throw new IllegalStateException("the table has no Virtual Machines row");
        }
        int end = table.indexOf("</rule>", start) + "</rule>".length();
        return table.substring(0, start) + table.substring(end);
    }

    /** The Azure services table with its Virtual Machines row answering "not offered". */
    public static String withVirtualMachinesNotOffered(String table) {
        int row = table.indexOf("<rule id=\"_rule_virtual_machines\"");
        if (row < 0) {
            throw new IllegalStateException("the table has no row _rule_virtual_machines");
        }
        int output = table.indexOf(OFFERED, row);
        return table.substring(0, output) + NOT_OFFERED + table.substring(output + OFFERED.length());
    }
}
