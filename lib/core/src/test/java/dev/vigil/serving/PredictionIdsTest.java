package dev.vigil.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PredictionIdsTest {
    private static final long NOV_30_2026_NOON = 1_796_040_000_123L;

    @Test
    void idsAreCanonicalUuidVersion7WithTheRfcVariant() {
        PredictionIds ids = PredictionIds.create();
        for (int i = 0; i < 1_000; i++) {
            String id = ids.next();
            UUID uuid = UUID.fromString(id);
            assertEquals(id, uuid.toString(), "canonical lower-case form");
            assertEquals(7, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            assertTrue(IdRules.isValid(id), id);
        }
    }

    @Test
    void aBatchOfIdsIsTheSequenceOneAtATimeGives() {
        // the counter overflows (4,096 per millisecond) inside the batch, so the borrowed millisecond is covered too
        PredictionIds single = PredictionIds.seeded(() -> NOV_30_2026_NOON, 5);
        PredictionIds batched = PredictionIds.seeded(() -> NOV_30_2026_NOON, 5);
        List<String> oneAtATime = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            oneAtATime.add(single.next());
        }
        List<String> inBatches = new ArrayList<>(List.of(batched.next(1)));
        inBatches.addAll(List.of(batched.next(0)));
        inBatches.addAll(List.of(batched.next(4_999)));
        assertEquals(oneAtATime, inBatches);
    }

    @Test
    void idsOfOneInstanceAreStrictlyIncreasingEvenWhenTheClockStandsStillOrGoesBack() {
        AtomicLong clock = new AtomicLong(NOV_30_2026_NOON);
        PredictionIds ids = PredictionIds.seeded(clock::get, 42);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) { // far more than 4096 per millisecond: the counter overflows
            if (i == 10_000) {
                clock.addAndGet(-5_000); // an NTP step back
            }
            made.add(ids.next());
        }
        for (int i = 1; i < made.size(); i++) {
            assertTrue(made.get(i - 1).compareTo(made.get(i)) < 0, made.get(i - 1) + " then " + made.get(i));
            assertTrue(UUID.fromString(made.get(i - 1)).getMostSignificantBits()
                    < UUID.fromString(made.get(i)).getMostSignificantBits());
        }
        assertEquals(made.size(), new HashSet<>(made).size());
    }

    @Test
    void timeOfReadsBackTheMillisecondOfAGeneratedId() {
        AtomicLong clock = new AtomicLong(NOV_30_2026_NOON);
        PredictionIds ids = PredictionIds.seeded(clock::get, 1);
        assertEquals(OptionalLong.of(NOV_30_2026_NOON), PredictionIds.timeOf(ids.next()));
        clock.set(NOV_30_2026_NOON + 61_000);
        assertEquals(OptionalLong.of(NOV_30_2026_NOON + 61_000), PredictionIds.timeOf(ids.next()));
        assertEquals(OptionalLong.of(NOV_30_2026_NOON + 61_000),
                PredictionIds.timeOf(ids.next().toUpperCase(java.util.Locale.ROOT)));
    }

    @Test
    void timeOfIsEmptyForIdsThatAreNotUuidVersion7() {
        assertTrue(PredictionIds.timeOf("cust-42-2026-11").isEmpty());
        assertTrue(PredictionIds.timeOf(UUID.randomUUID().toString()).isEmpty(), "version 4");
        assertTrue(PredictionIds.timeOf("019ad2f4-7c1e-7a3b-1f21-5c0e8d2a4b61").isEmpty(), "variant 0");
        assertTrue(PredictionIds.timeOf("019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b6g").isEmpty(), "not hex");
        assertTrue(PredictionIds.timeOf("019ad2f4x7c1e-7a3b-9f21-5c0e8d2a4b61").isEmpty(), "no dash");
        assertTrue(PredictionIds.timeOf(null).isEmpty());
        assertTrue(PredictionIds.timeOf("019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b6\u0661").isEmpty(), "an Arabic-Indic one");
        assertEquals(OptionalLong.of(0x019ad2f47c1eL), PredictionIds.timeOf("019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b61"));
    }

    /** Two containers restored from one snapshot hold the same generator state until each reseeds. */
    @Test
    void reseedingGivesANewSequenceAndKeepsTheOrder() {
        AtomicLong clock = new AtomicLong(NOV_30_2026_NOON);
        PredictionIds snapshotA = PredictionIds.seeded(clock::get, 7);
        PredictionIds snapshotB = PredictionIds.seeded(clock::get, 7);
        assertEquals(snapshotA.next(), snapshotB.next(), "same state, same ids: what a restore without reseed gives");

        String beforeA = snapshotA.next();
        snapshotB.next();
        snapshotA.reseed();
        snapshotB.reseed();
        Set<String> fromA = new HashSet<>();
        String last = beforeA;
        for (int i = 0; i < 100; i++) {
            String a = snapshotA.next();
            assertTrue(last.compareTo(a) < 0, "order kept across a reseed");
            last = a;
            fromA.add(a.substring(19));
        }
        for (int i = 0; i < 100; i++) {
            assertTrue(!fromA.contains(snapshotB.next().substring(19)), "restored containers must not share ids");
        }
        assertNotEquals(snapshotA.next(), snapshotB.next());
    }
}
