package dev.vigil.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChampionCacheTest {
    /** A model that records whether it was closed. */
    static final class FakeModel implements AutoCloseable {
        final String version;
        boolean closed;

        FakeModel(String version) {
            this.version = version;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final Map<String, String> pointers = new HashMap<>();
    final Set<String> broken = new HashSet<>();
    final List<String> loads = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final AtomicLong clock = new AtomicLong(1_000);

    final ChampionSource<FakeModel> source = new ChampionSource<>() {
        @Override
        public Optional<String> championVersion(String model) {
            return Optional.ofNullable(pointers.get(model));
        }

        @Override
        public FakeModel load(String model, String version) {
            loads.add(version);
            if (broken.contains(version)) {
                throw new IllegalStateException("checksum mismatch for " + version);
            }
            return new FakeModel(version);
        }
    };

    final ChampionCache<FakeModel> cache = new ChampionCache<>(source, Duration.ofSeconds(60),
            new ChampionCache.Listener() {
                @Override
                public void swapped(String model, String from, String to, long ms) {
                    events.add("swap " + from + "->" + to);
                }

                @Override
                public void swapFailed(String model, String version, String servingVersion, Exception cause) {
                    events.add("failed " + version + ", serving " + servingVersion);
                }
            }, clock::get);

    private String servedVersion() {
        try (var lease = cache.lease("churn")) {
            return lease.version();
        }
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void loadsOnceAndServesFromMemoryWithinTheTtl() {
        pointers.put("churn", "v1");
        assertEquals("v1", servedVersion());
        pointers.put("churn", "v2");
        advance(Duration.ofSeconds(59));
        assertEquals("v1", servedVersion());
        assertEquals(List.of("v1"), loads);
    }

    @Test
    void swapsToTheNewChampionAfterTheTtlAndClosesTheOldOne() {
        pointers.put("churn", "v1");
        FakeModel first;
        try (var lease = cache.lease("churn")) {
            first = lease.model();
        }
        pointers.put("churn", "v2");
        advance(Duration.ofSeconds(60));
        assertEquals("v2", servedVersion());
        assertTrue(first.closed);
        assertEquals(List.of("swap null->v1", "swap v1->v2"), events);
    }

    @Test
    void keepsServingTheLastGoodVersionWhenTheNewOneFailsToLoad() {
        pointers.put("churn", "v1");
        assertEquals("v1", servedVersion());
        pointers.put("churn", "v2");
        broken.add("v2");
        advance(Duration.ofSeconds(61));
        assertEquals("v1", servedVersion());
        assertEquals("v1", servedVersion()); // no retry storm within the TTL
        assertEquals(List.of("v1", "v2"), loads);
        assertTrue(events.contains("failed v2, serving v1"), events.toString());
    }

    @Test
    void aModelInUseIsClosedOnlyWhenItsLastLeaseEnds() {
        pointers.put("churn", "v1");
        var inFlight = cache.lease("churn");
        pointers.put("churn", "v2");
        advance(Duration.ofSeconds(60));
        assertEquals("v2", servedVersion());
        assertFalse(inFlight.model().closed);
        inFlight.close();
        assertTrue(inFlight.model().closed);
    }

    @Test
    void unknownModelIsNotFoundAndUnloadableModelIsUnavailable() {
        assertEquals(ErrorKind.UNKNOWN_MODEL, assertThrows(ApiException.class, () -> cache.lease("nope")).kind());
        pointers.put("churn", "v1");
        broken.add("v1");
        assertEquals(ErrorKind.NO_SERVABLE_MODEL, assertThrows(ApiException.class, () -> cache.lease("churn")).kind());
        assertEquals(List.of("failed v1, serving null"), events);
    }

    @Test
    void vanishedPointerKeepsServingTheLoadedVersion() {
        pointers.put("churn", "v1");
        assertEquals("v1", servedVersion());
        ChampionCache<FakeModel> flaky = cache;
        pointers.clear(); // pointer vanished: not a reason to stop serving
        advance(Duration.ofSeconds(60));
        assertEquals("v1", servedVersion());
        flaky.close();
    }
}
