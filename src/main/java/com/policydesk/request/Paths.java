package com.policydesk.request;

import java.util.List;

/** Builds paths as the contract writes them: {@code customer.subscriptions[1].channel}, {@code ""} for the root. */
final class Paths {
    static final String ROOT = "";

    private Paths() {
    }

    static String field(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** Renders segments (field names as strings, array indexes as integers) from {@code from} on. */
    static String of(List<Object> segments, int from) {
        String path = ROOT;
        for (int i = from; i < segments.size(); i++) {
            Object segment = segments.get(i);
            path = segment instanceof Integer index ? index(path, index) : field(path, (String) segment);
        }
        return path;
    }
}
