package dev.vigil.storage;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;

/** A child process for {@link LocalBlobStoreTest}: increments a counter object by compare-and-set, N times. */
public final class CounterIncrementer {
    private CounterIncrementer() {}

    public static void main(String[] args) throws InterruptedException {
        BlobStore store = new LocalBlobStore(Path.of(args[0]));
        Path go = Path.of(args[1]);
        int increments = Integer.parseInt(args[2]);
        while (!Files.exists(go)) {
            Thread.sleep(5);
        }
        for (int done = 0; done < increments; ) {
            StoredObject current = store.get("counter").orElseThrow();
            int next = Integer.parseInt(new String(current.bytes(), UTF_8)) + 1;
            try {
                store.putIfMatch("counter", Integer.toString(next).getBytes(UTF_8), "text/plain", current.eTag());
                done++;
            } catch (PreconditionFailedException lostRace) {
                // another process moved the counter; read it again
            }
        }
    }
}
