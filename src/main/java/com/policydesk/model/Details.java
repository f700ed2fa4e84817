package com.policydesk.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The details of a finding or a recommendation: an unmodifiable map that keeps its keys in insertion order, held in
 * two small arrays. A rule adds details one at a time ({@link Finding#with}) and each finding becomes a
 * recommendation, so the records accept a {@code Details} as it is instead of copying it into a fresh
 * {@code LinkedHashMap} at every step (several maps per recommendation, a measurable share of a decision).
 * Names are never null; a value may be (a logged answer read back can hold a JSON null), though
 * {@link Finding#with} leaves a null value out.
 */
public final class Details extends AbstractMap<String, Object> {
    private static final Details EMPTY = new Details(new String[0], new Object[0]);

    private final String[] keys;
    private final Object[] values;

    private Details(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    public static Details empty() {
        return EMPTY;
    }

    /** The map as details: the same instance when it already is, otherwise a copy in its iteration order. */
    public static Details copyOf(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return EMPTY;
        }
        if (map instanceof Details details) {
            return details;
        }
        String[] keys = new String[map.size()];
        Object[] values = new Object[map.size()];
        int i = 0;
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            keys[i] = Objects.requireNonNull(entry.getKey(), "a detail's name");
            values[i] = entry.getValue();
            i++;
        }
        return new Details(keys, values);
    }

    /** These details with one more; an existing key keeps its place and takes the new value, as a map's put does. */
    public Details plus(String key, Object value) {
        Objects.requireNonNull(key, "a detail's name");
        int at = indexOf(key);
        if (at >= 0) {
            Object[] replaced = values.clone();
            replaced[at] = value;
            return new Details(keys, replaced);
        }
        String[] moreKeys = Arrays.copyOf(keys, keys.length + 1);
        Object[] moreValues = Arrays.copyOf(values, values.length + 1);
        moreKeys[keys.length] = key;
        moreValues[values.length] = value;
        return new Details(moreKeys, moreValues);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int at = indexOf(key);
        return at >= 0 ? values[at] : null;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, Object> entry = new SimpleImmutableEntry<>(keys[next], values[next]);
                        next++;
                        return entry;
                    }
                };
            }
        };
    }
}
