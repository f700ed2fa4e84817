package com.policydesk.engine;

import java.net.URL;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's class loader, remembering the class and resource names it does not have. Compiling a rule set
 * asks for many: MVEL tries every name in a constraint against each imported package ({@code com.policydesk.model.action},
 * {@code policydesk.multichannel.action}, ...). The packaged service's class loader keeps only four jars open once
 * Quarkus has started, and answers each such miss by opening the jars of that package again and reading their
 * directories: profiled, a DRL reload spent more CPU opening jars than compiling. The application's class path does
 * not change while it runs, so a miss stays a miss.
 */
final class MissingClassesCache extends ClassLoader {
    /** Names remembered at most: a rule set asks for a few hundred; past this the set starts again. */
    private static final int LIMIT = 20_000;

    static {
        registerAsParallelCapable();
    }

    private final Set<String> missingClasses = ConcurrentHashMap.newKeySet();
    private final Set<String> missingResources = ConcurrentHashMap.newKeySet();

    private MissingClassesCache(ClassLoader parent) {
        super(parent);
    }

    /** A cache in front of {@code classLoader}, or the loader itself when it already is one. */
    static ClassLoader over(ClassLoader classLoader) {
        return classLoader instanceof MissingClassesCache ? classLoader : new MissingClassesCache(classLoader);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (missingClasses.contains(name)) {
            throw new Missing(name);
        }
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException missing) {
            remember(missingClasses, name);
            throw missing;
        }
    }

    @Override
    public URL getResource(String name) {
        if (missingResources.contains(name)) {
            return null;
        }
        URL found = getParent().getResource(name);
        if (found == null) {
            remember(missingResources, name);
        }
        return found;
    }

    private static void remember(Set<String> names, String name) {
        if (names.size() >= LIMIT) {
            names.clear();
        }
        names.add(name);
    }

    /** Thrown for a name known to be missing: without a stack trace, which its callers (MVEL trying a guess) drop. */
    private static final class Missing extends ClassNotFoundException {
        private static final long serialVersionUID = 1L;

        Missing(String name) {
            super(name);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
