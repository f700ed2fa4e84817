package com.policydesk.engine;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches a rules folder, at every depth, and calls back once a burst of changes has settled: an editor's save
 * of several files is one reload. The callback runs on the watcher's own thread, one at a time, so that changes
 * saved while it runs are coalesced into the next call. That thread runs at the lowest priority: a reload competes
 * with the requests only for CPU they leave unused (where the JVM maps Java priorities to the OS's, see
 * policydesk.sh).
 */
public final class RulesWatcher implements AutoCloseable {
    private final Path folder;
    private final Duration quietPeriod;
    private final Runnable onChange;
    private final WatchService watchService;
    private final ScheduledExecutorService debouncer = Executors.newSingleThreadScheduledExecutor(
            runnable -> lowPriority(daemon(runnable, "policydesk-rules-reload")));
    private final Thread listener;
    private ScheduledFuture<?> pending;

    public RulesWatcher(Path folder, Duration quietPeriod, Runnable onChange) throws IOException {
        this.folder = folder;
        this.quietPeriod = quietPeriod;
        this.onChange = onChange;
        this.watchService = FileSystems.getDefault().newWatchService();
        registerTree(folder);
        this.listener = daemon(this::listen, "policydesk-rules-watcher");
        listener.start();
    }

    private void listen() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                Path changed = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                        Path created = changed.resolve((Path) event.context());
                        if (Files.isDirectory(created)) {
                            registerTree(created);
                        }
                    }
                }
                key.reset();
                schedule();
            }
        } catch (InterruptedException | ClosedWatchServiceException stop) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot watch " + folder, e);
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = debouncer.schedule(onChange, quietPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> folders = Files.walk(root)) {
            for (Path each : folders.filter(Files::isDirectory).toList()) {
                each.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            }
        }
    }

    @Override
    public void close() throws IOException {
        watchService.close();
        listener.interrupt();
        debouncer.shutdownNow();
    }

    /** Threads it starts (the scenario gate's) inherit its priority. */
    private static Thread lowPriority(Thread thread) {
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
