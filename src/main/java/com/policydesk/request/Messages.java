package com.policydesk.request;

/**
 * Every message the request reader reports, in one place: clients read them, tests assert them, and the
 * wording should stay consistent. Each message describes the field at its path, so none repeats the field's name.
 */
final class Messages {
    static final String REQUIRED = "is required";
    static final String NOT_NULL = "must not be null";
    static final String NOT_BLANK = "must not be blank";
    static final String STRING = "must be a string";
    static final String BOOLEAN = "must be a boolean";
    static final String OBJECT = "must be an object";
    static final String ARRAY = "must be an array";
    static final String DATE = "must be a date as YYYY-MM-DD";
    static final String CALENDAR_DAY = "must be a real calendar day";

    /** A request (the body, or one item of a batch) that is an array, a string, a number... */
    static final String JSON_OBJECT = "must be a JSON object";
    static final String BODY_EMPTY = "body must not be empty";
    static final String BODY_NOT_JSON = "body is not valid JSON";
    static final String BODY_VALUE_TOO_LONG = "body holds a number, string or field name that is too long";

    private Messages() {
    }

    static String bodyNotJson(int line, int column) {
        return BODY_NOT_JSON + " (line " + line + ", column " + column + ")";
    }

    static String nestedTooDeeply(int maxDepth) {
        return "body is nested too deeply (at most " + maxDepth + " levels)";
    }

    static String unknownField(String name) {
        return "unknown field '" + name + "'";
    }

    static String duplicateField(String name) {
        return "duplicate field '" + name + "'";
    }

    /** Lists the allowed values in the order the enum declares them. */
    static String oneOf(String allowed) {
        return "must be one of " + allowed;
    }

    static String tooMany(int max, String what, int got) {
        return "at most " + max + " " + what + " are allowed (got " + got + ")";
    }

    static String duplicateSubscriptionId(String id, String firstPath) {
        return "duplicate subscription id '" + id + "' (first at " + firstPath + ")";
    }

    static String requiredWhen(String field, Enum<?> value) {
        return "is required when " + field + " is " + value.name();
    }
}
