package com.policydesk.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where each rule is declared in the DRL sources: the compiled rule base does not say. */
final class DrlIndex {
    private static final Pattern RULE_DECLARATION =
            Pattern.compile("^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S+))", Pattern.MULTILINE);

    private final Map<String, Location> locations = new HashMap<>();

    DrlIndex(List<RuleFile> drlFiles) {
        for (RuleFile file : drlFiles) {
            String text = file.text();
            Matcher matcher = RULE_DECLARATION.matcher(text);
            while (matcher.find()) {
                String name = firstNonNull(matcher.group(1), matcher.group(2), matcher.group(3));
                locations.putIfAbsent(name, new Location(file.path(), lineOf(text, matcher.start())));
            }
        }
    }

    Location locate(String ruleName) {
        return locations.getOrDefault(ruleName, new Location("", 0));
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        // The match may start with the blank lines before the declaration.
        while (offset < text.length() && Character.isWhitespace(text.charAt(offset))) {
            if (text.charAt(offset) == '\n') {
                line++;
            }
            offset++;
        }
        return line;
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return "";
    }

    record Location(String file, int line) {
    }
}
