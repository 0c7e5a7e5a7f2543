package dev.vigil.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path dir;

    @Override
    protected BlobStore newStore() {
        return new LocalBlobStore(dir);
    }

    @Test
    void rejectsKeysEscapingTheRoot() {
        for (String key : List.of("../outside", "a/../../outside", "/etc/passwd", "a//b", "a/./b", "", ".vigil/lock")) {
            assertThrows(IllegalArgumentException.class, () -> store.put(key, bytes("x"), "text/plain"), key);
            assertThrows(IllegalArgumentException.class, () -> store.get(key), key);
        }
        assertFalse(Files.exists(dir.getParent().resolve("outside")));
    }

    @Test
    void eTagIsTheHexSha256OfTheContent() {
        String eTag = store.put("k", bytes("abc"), "text/plain");

        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", eTag);
    }

    @Test
    void listLeavesOutTheStoresOwnFiles() {
        store.put("a", bytes("1"), "text/plain");
        store.putIfAbsent("b", bytes("2"), "text/plain");

        assertEquals(List.of("a", "b"), store.list("").stream().map(ObjectInfo::key).toList());
    }

    @Test
    void twoStoresOnOneDirectorySeeEachOthersWrites() {
        BlobStore other = new LocalBlobStore(dir);
        String eTag = store.put("shared", bytes("v1"), "text/plain");

        other.putIfMatch("shared", bytes("v2"), "text/plain", eTag);

        assertThrows(PreconditionFailedException.class,
                () -> store.putIfMatch("shared", bytes("v3"), "text/plain", eTag));
    }

    @Test
    void compareAndSetIsAtomicAcrossProcesses() throws Exception {
        int processes = 3;
        int incrementsEach = 40;
        store.put("counter", bytes("0"), "text/plain");
        Path go = dir.resolve("go");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CounterIncrementer.class.getName(), dir.toString(), go.toString(), Integer.toString(incrementsEach))
                    .inheritIO().start());
        }
        Files.writeString(dir.resolve("go.tmp"), "go");
        Files.move(dir.resolve("go.tmp"), go);
        for (Process child : children) {
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child process did not finish");
            assertEquals(0, child.exitValue());
        }

        String count = new String(store.get("counter").orElseThrow().bytes(), UTF_8);
        assertEquals(Integer.toString(processes * incrementsEach), count);
    }
}
