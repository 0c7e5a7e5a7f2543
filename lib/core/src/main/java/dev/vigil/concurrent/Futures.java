package dev.vigil.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work handed to another thread, so that its failure reads as if it had run on the caller's. */
public final class Futures {
    private Futures() {}

    /**
     * The value {@code future} completes with.
     *
     * @throws RuntimeException what the work threw, unwrapped from its {@link CompletionException}
     * @throws Error likewise
     */
    public static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
