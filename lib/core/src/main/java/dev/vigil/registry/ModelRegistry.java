package dev.vigil.registry;

import dev.vigil.concurrent.Futures;
import dev.vigil.json.Json;
import dev.vigil.model.Baseline;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.registry.RegistryException.Reason;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ConcurrentReads;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.PreconditionFailedException;
import dev.vigil.storage.Sha256;
import dev.vigil.storage.StorageLayout;
import dev.vigil.storage.StoredObject;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Versioned ONNX models and their champion pointers, over any {@link BlobStore} (S3 in AWS, a directory locally).
 *
 * <p>A version is an artifact plus its manifest, both written create-only, so a version is never overwritten. The
 * champion of a model is an object, {@code models/<name>/champion.json}, rather than an SSM parameter: one storage
 * interface then serves both AWS and the local runner, conditional writes ({@code If-Match}) give an atomic
 * compare-and-set for promote and rollback, and predict needs only {@code s3:GetObject} on the models bucket.
 * Promotion and rollback check the target first: artifact present, SHA-256 as in the manifest (and, for a version
 * that was champion before, as the pointer recorded then), and the {@link ModelVerifier} satisfied (it loads, and
 * its inputs and outputs agree with the manifest), and that it is not archived.
 *
 * <p>A version may be archived ({@link #archive}): an {@code archived.json} record is written beside its manifest,
 * nothing is deleted, and the version is never promoted again. The champion cannot be archived. Archiving and a
 * promotion racing each other are each checked against the other's object, not atomically together.
 *
 * <p>Thread-safe and stateless; concurrent writers in other processes are serialised by the store.
 */
public final class ModelRegistry {
    private static final String ONNX = "application/octet-stream";
    private static final String JSON = "application/json";
    private static final int MAX_POINTER_ATTEMPTS = 16;

    private final BlobStore store;
    private final ChampionPointers pointers;
    private final ModelVerifier verifier;
    private final Clock clock;
    /**
     * The manifests last parsed, by key, with the bytes they were parsed from: a manifest whose stored bytes are
     * the same is not parsed again (its baseline makes parsing cost more than reading it).
     */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    public ModelRegistry(BlobStore store, ModelVerifier verifier) {
        this(store, verifier, Clock.systemUTC());
    }

    public ModelRegistry(BlobStore store, ModelVerifier verifier, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.pointers = new ChampionPointers(store);
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where the registry's objects live, for logs. */
    public String location() {
        return store.location();
    }

    /**
     * Registers a new version: computes the artifact's SHA-256, verifies it against the draft, then writes the
     * artifact and the manifest, each only if absent.
     *
     * @return the stored manifest
     * @throws RegistryException ALREADY_EXISTS if the version is registered (or a different artifact from an
     *     interrupted registration occupies its key), REJECTED if the draft is invalid or the verifier refuses
     */
    public ModelManifest register(ModelDraft draft, byte[] onnx) {
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(onnx, "onnx");
        ModelManifest manifest;
        try {
            manifest = draft.toManifest(Sha256.hex(onnx), clock.instant());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(Reason.REJECTED, "invalid manifest: " + e.getMessage(), e);
        }
        ModelRef ref = manifest.ref();
        if (store.head(StorageLayout.manifest(ref)).isPresent()) {
            throw alreadyExists(ref);
        }
        verify(manifest, onnx);
        try {
            store.putIfAbsent(StorageLayout.artifact(ref), onnx, ONNX);
        } catch (PreconditionFailedException e) {
            // Left by an interrupted or concurrent registration: reuse it only if it holds these very bytes.
            Optional<StoredObject> existing = store.get(StorageLayout.artifact(ref));
            if (existing.isEmpty() || !Sha256.hex(existing.get().bytes()).equals(manifest.sha256())) {
                throw new RegistryException(Reason.ALREADY_EXISTS, ref + ": a different artifact is already stored at "
                        + StorageLayout.artifact(ref) + "; versions are never overwritten, register a new version");
            }
        }
        try {
            store.putIfAbsent(StorageLayout.manifest(ref), Json.toBytes(manifest), JSON);
        } catch (PreconditionFailedException e) {
            throw alreadyExists(ref);
        }
        return manifest;
    }

    /**
     * Stores {@code baseline} as the drift baseline of a registered version, in its manifest, with a conditional
     * write ({@code If-Match} on the manifest read), so a concurrent change is never lost. A version that has a
     * baseline keeps it unless {@code replace}; nothing but the baseline changes (artifact, checksum and history are
     * those of the version as registered).
     *
     * @return the manifest now stored
     * @throws RegistryException NOT_FOUND if the version is not registered, ALREADY_EXISTS if it has a baseline and
     *     {@code replace} is false, REJECTED if the baseline's features are not the manifest's, CONFLICT if the
     *     manifest changed between the read and the write
     */
    public ModelManifest storeBaseline(ModelRef ref, Baseline baseline, boolean replace) {
        Objects.requireNonNull(baseline, "baseline");
        StoredObject stored = store.get(StorageLayout.manifest(ref))
                .orElseThrow(() -> new RegistryException(Reason.NOT_FOUND, ref + " is not registered"));
        ModelManifest manifest = parseManifest(ref, stored);
        if (manifest.baseline() != null && !replace) {
            throw new RegistryException(Reason.ALREADY_EXISTS, ref + " already has a drift baseline (from "
                    + manifest.baseline().rows() + " rows); a baseline is replaced only when asked to");
        }
        if (!baseline.features().keySet().equals(Set.copyOf(manifest.features()))) {
            throw new RegistryException(Reason.REJECTED, ref + ": the baseline describes features "
                    + baseline.features().keySet() + " but the model takes " + manifest.features());
        }
        ModelManifest updated = manifest.withBaseline(baseline);
        try {
            store.putIfMatch(StorageLayout.manifest(ref), Json.toBytes(updated), JSON, stored.eTag());
        } catch (PreconditionFailedException e) {
            throw new RegistryException(Reason.CONFLICT, ref + ": its manifest changed while the baseline was"
                    + " stored; read it again and retry");
        }
        return updated;
    }

    /** Names of all registered models, in name order. */
    public List<String> models() {
        TreeSet<String> names = new TreeSet<>();
        for (ObjectInfo object : store.list(StorageLayout.MODELS)) {
            String rest = object.key().substring(StorageLayout.MODELS.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.endsWith("/" + StorageLayout.MANIFEST_FILE)
                    && ModelRef.isSafe(rest.substring(0, slash))) {
                names.add(rest.substring(0, slash));
            }
        }
        return List.copyOf(names);
    }

    /**
     * Manifests of every registered version of {@code name}, oldest first (empty for an unknown model); the
     * manifests are read several at once ({@link ConcurrentReads}).
     */
    public List<ModelManifest> versions(String name) {
        String prefix = StorageLayout.modelPrefix(name);
        List<ModelRef> refs = new ArrayList<>();
        for (ObjectInfo object : store.list(prefix)) {
            String rest = object.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals(StorageLayout.MANIFEST_FILE)) {
                refs.add(new ModelRef(name, rest.substring(0, slash)));
            }
        }
        List<ModelManifest> manifests = ConcurrentReads.map(refs, this::manifest, "versions");
        manifests.sort(Comparator.comparing(ModelManifest::createdAt).thenComparing(ModelManifest::version));
        return manifests;
    }

    /**
     * Archives a registered version that is not the champion: writes its {@code archived.json} record (create-only;
     * archiving an archived version returns the record already stored). Nothing of the version is removed.
     *
     * @return the stored record
     * @throws RegistryException NOT_FOUND if the version is not registered, IS_CHAMPION if it is the champion
     */
    public ArchivedVersion archive(ModelRef ref, String reason) {
        manifest(ref);
        Optional<ArchivedVersion> already = archived(ref);
        if (already.isPresent()) {
            return already.get();
        }
        requireNotChampion(ref);
        ArchivedVersion record = new ArchivedVersion(ref.name(), ref.version(), clock.instant(), reason);
        try {
            store.putIfAbsent(StorageLayout.archived(ref), Json.toBytes(record), JSON);
        } catch (PreconditionFailedException concurrent) {
            return archived(ref).orElse(record);
        }
        return record;
    }

    /**
     * The archive record of a version, or empty when it is not archived.
     *
     * @throws RegistryException REJECTED when the stored record is unreadable
     */
    public Optional<ArchivedVersion> archived(ModelRef ref) {
        return store.get(StorageLayout.archived(ref)).map(stored -> {
            try {
                return Json.fromBytes(stored.bytes(), ArchivedVersion.class);
            } catch (UncheckedIOException | NullPointerException e) {
                throw new RegistryException(Reason.REJECTED,
                        ref + ": archive record " + stored.key() + " is unreadable: " + e.getMessage(), e);
            }
        });
    }

    /** The archived versions of {@code name}, in version order (empty for an unknown model). */
    public List<String> archivedVersions(String name) {
        String prefix = StorageLayout.modelPrefix(name);
        TreeSet<String> archived = new TreeSet<>();
        for (ObjectInfo object : store.list(prefix)) {
            String rest = object.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals(StorageLayout.ARCHIVED_FILE)) {
                archived.add(rest.substring(0, slash));
            }
        }
        return List.copyOf(archived);
    }

    private void requireNotChampion(ModelRef ref) {
        if (pointers.read(ref.name()).map(p -> p.version().equals(ref.version())).orElse(false)) {
            throw new RegistryException(Reason.IS_CHAMPION, ref + " is the champion and cannot be archived; promote"
                    + " another version (or roll back) first");
        }
    }

    private void requireNotArchived(ModelRef ref) {
        archived(ref).ifPresent(a -> {
            throw new RegistryException(Reason.ARCHIVED, ref + " was archived at " + a.archivedAt()
                    + (a.reason() == null ? "" : " (" + a.reason() + ")") + " and cannot be promoted; register a new"
                    + " version");
        });
    }

    /**
     * The manifest of a registered version.
     *
     * @throws RegistryException NOT_FOUND if not registered, REJECTED if the stored manifest is unreadable
     */
    public ModelManifest manifest(ModelRef ref) {
        StoredObject stored = store.get(StorageLayout.manifest(ref))
                .orElseThrow(() -> new RegistryException(Reason.NOT_FOUND, ref + " is not registered"));
        Parsed known = parsed.get(stored.key());
        if (known != null && Arrays.equals(known.bytes(), stored.bytes())) {
            return known.manifest();
        }
        ModelManifest manifest = parseManifest(ref, stored);
        if (parsed.size() >= MAX_PARSED) {
            parsed.clear();
        }
        parsed.put(stored.key(), new Parsed(stored.bytes(), manifest));
        return manifest;
    }

    /** How many parsed manifests {@link #manifest} keeps. */
    private static final int MAX_PARSED = 16;

    private record Parsed(byte[] bytes, ModelManifest manifest) {}

    private static ModelManifest parseManifest(ModelRef ref, StoredObject stored) {
        ModelManifest manifest;
        try {
            manifest = Json.fromBytes(stored.bytes(), ModelManifest.class);
        } catch (UncheckedIOException e) {
            throw new RegistryException(Reason.REJECTED,
                    ref + ": manifest " + stored.key() + " is unreadable: " + e.getMessage(), e);
        }
        if (!manifest.ref().equals(ref)) {
            throw new RegistryException(Reason.REJECTED,
                    ref + ": manifest " + stored.key() + " describes " + manifest.ref());
        }
        return manifest;
    }

    /**
     * The champion of {@code name}, or empty when none was ever promoted.
     *
     * @throws RegistryException REJECTED when the stored pointer is unreadable
     */
    public Optional<ChampionPointer> champion(String name) {
        return pointers.read(name);
    }

    /**
     * Fetches a version's artifact and checks its SHA-256 against the manifest and, for a version that is or was
     * champion, against the digest the champion pointer recorded when it was promoted; what predict, evaluate,
     * promotion, rollback and the local runner load. So replacing a promoted version's artifact together with its
     * manifest's checksum is refused, not served.
     *
     * @throws RegistryException NOT_FOUND if the version or its artifact is missing, CHECKSUM_MISMATCH if the
     *     bytes differ from the manifest's checksum or from the one recorded at promotion, REJECTED if the manifest
     *     or the champion pointer is unreadable
     */
    public VerifiedArtifact loadArtifact(ModelRef ref) {
        // Three independent reads: the artifact and the champion pointer are read on other threads while the
        // manifest is, and each is waited for where the checks below need it, so a failure is the one reading them
        // one after another would have met first.
        CompletableFuture<Optional<StoredObject>> artifactRead =
                ConcurrentReads.start(() -> store.get(StorageLayout.artifact(ref)));
        CompletableFuture<Optional<ChampionPointer>> pointerRead =
                ConcurrentReads.start(() -> pointers.read(ref.name()));
        return verified(ref, manifest(ref), artifactRead, pointerRead);
    }

    /**
     * As {@link #loadArtifact(ModelRef)}, with the manifest {@link #manifest} gave a moment before (a caller that has
     * just read it saves reading it again): the artifact is checked against that manifest's checksum and against
     * the champion pointer, read now, as there.
     */
    public VerifiedArtifact loadArtifact(ModelManifest manifest) {
        ModelRef ref = manifest.ref();
        CompletableFuture<Optional<ChampionPointer>> pointerRead =
                ConcurrentReads.start(() -> pointers.read(ref.name()));
        return verified(ref, manifest, CompletableFuture.completedFuture(store.get(StorageLayout.artifact(ref))),
                pointerRead);
    }

    private VerifiedArtifact verified(ModelRef ref, ModelManifest manifest,
            CompletableFuture<Optional<StoredObject>> artifactRead,
            CompletableFuture<Optional<ChampionPointer>> pointerRead) {
        byte[] bytes = Futures.joined(artifactRead)
                .orElseThrow(() -> new RegistryException(Reason.NOT_FOUND,
                        ref + ": artifact " + StorageLayout.artifact(ref) + " is missing"))
                .bytes();
        String actual = Sha256.hex(bytes);
        if (!actual.equals(manifest.sha256())) {
            throw new RegistryException(Reason.CHECKSUM_MISMATCH, ref + ": artifact SHA-256 is " + actual
                    + " but the manifest records " + manifest.sha256());
        }
        Optional<String> promoted = Futures.joined(pointerRead).flatMap(p -> p.promotedSha256(ref.version()));
        if (promoted.isPresent() && !promoted.get().equals(actual)) {
            throw new RegistryException(Reason.CHECKSUM_MISMATCH, ref + ": artifact SHA-256 is " + actual
                    + " but the champion pointer recorded " + promoted.get() + " when it was promoted; a version"
                    + " must not change after promotion: restore its artifact and manifest, or register a new version");
        }
        return new VerifiedArtifact(manifest, bytes);
    }

    /**
     * Makes {@code version} the champion of {@code name}, after checking it (artifact present, checksum, verifier).
     * The outgoing champion goes on top of the pointer's history. A race lost to another writer is retried, since
     * the checked version stays valid; promoting the current champion changes nothing.
     *
     * @return the pointer now stored
     * @throws RegistryException NOT_FOUND, CHECKSUM_MISMATCH or REJECTED when the target fails a check, ARCHIVED
     *     when it is archived, CONFLICT if the pointer keeps changing under contention
     */
    public ChampionPointer promote(String name, String version, String reason) {
        return promote(name, version, reason, null, false);
    }

    /**
     * Promotes {@code version} only while the champion is still {@code expectedChampion} (null: while the model has
     * none): the conditional write of a promotion decided by comparing the candidate with that champion, so a
     * comparison made stale by another promotion or a rollback never moves the pointer.
     *
     * @return the pointer now stored
     * @throws RegistryException as {@link #promote}, and CONFLICT when the champion is no longer the expected one
     */
    public ChampionPointer promoteOver(String name, String version, String expectedChampion, String reason) {
        return promote(name, version, reason, expectedChampion, true);
    }

    /** Both promotions: {@code conditional} ones only while the champion is {@code expected} (null: none). */
    private ChampionPointer promote(String name, String version, String reason, String expected,
            boolean conditional) {
        ModelRef target = new ModelRef(name, version);
        VerifiedArtifact artifact = checkServable(target);
        requireNotArchived(target);
        for (int attempt = 1; attempt <= MAX_POINTER_ATTEMPTS; attempt++) {
            Optional<ChampionPointers.Tagged> current = pointers.readTagged(name);
            String now = current.map(t -> t.pointer().version()).orElse(null);
            if (conditional && !Objects.equals(now, expected)) {
                throw new RegistryException(Reason.CONFLICT, name + ": the champion is " + (now == null ? "none"
                        : now) + ", not " + (expected == null ? "none" : expected)
                        + " as when " + version + " was compared with it; judge it again");
            }
            if (!conditional && version.equals(now)) {
                return current.get().pointer();
            }
            List<ChampionPointer.Promotion> history = new ArrayList<>();
            current.ifPresent(p -> {
                history.add(p.pointer().current());
                history.addAll(p.pointer().previous());
            });
            ChampionPointer next = new ChampionPointer(name, version, artifact.manifest().sha256(), clock.instant(),
                    reason, history);
            if (tryWrite(name, current, next)) {
                return next;
            }
            backOff(attempt);
        }
        throw contended(name);
    }

    /**
     * Makes the previous champion of {@code name} the champion again, after the same checks as a promotion, and
     * drops it from the top of the history. Equivalent to {@link #rollbackFrom} with the champion read now.
     *
     * @return the pointer now stored
     * @throws RegistryException NO_CHAMPION when there is no champion or no earlier one, CONFLICT when the champion
     *     changed meanwhile, NOT_FOUND / CHECKSUM_MISMATCH / REJECTED when the previous version fails a check
     */
    public ChampionPointer rollback(String name, String reason) {
        ChampionPointer current = champion(name)
                .orElseThrow(() -> new RegistryException(Reason.NO_CHAMPION, name + " has no champion to roll back"));
        return rollbackFrom(name, current.version(), reason);
    }

    /**
     * Rolls back only if {@code fromVersion} is still the champion, so that two people rolling back the same bad
     * version move the pointer once. The pointer written names {@code fromVersion} as
     * {@link ChampionPointer#rolledBackFrom()}. If another writer moves the pointer meanwhile, the rollback is retried
     * only while {@code fromVersion} is still in place; otherwise it fails with CONFLICT.
     *
     * @return the pointer now stored
     * @throws RegistryException as {@link #rollback}, and CONFLICT when {@code fromVersion} is not the champion
     */
    public ChampionPointer rollbackFrom(String name, String fromVersion, String reason) {
        for (int attempt = 1; attempt <= MAX_POINTER_ATTEMPTS; attempt++) {
            ChampionPointers.Tagged current = pointers.readTagged(name)
                    .orElseThrow(() -> new RegistryException(
                            Reason.NO_CHAMPION, name + " has no champion to roll back"));
            if (!current.pointer().version().equals(fromVersion)) {
                throw new RegistryException(Reason.CONFLICT, name + ": the champion is " + current.pointer().version()
                        + ", not " + fromVersion + "; check the champion and retry");
            }
            List<ChampionPointer.Promotion> previous = current.pointer().previous();
            if (previous.isEmpty()) {
                throw new RegistryException(Reason.NO_CHAMPION,
                        name + ": " + fromVersion + " has no earlier champion to roll back to");
            }
            ChampionPointer.Promotion back = previous.getFirst();
            VerifiedArtifact artifact = checkServable(new ModelRef(name, back.version()));
            ChampionPointer next = new ChampionPointer(name, back.version(), artifact.manifest().sha256(),
                    clock.instant(), reason, previous.subList(1, previous.size()), fromVersion);
            if (tryWrite(name, Optional.of(current), next)) {
                return next;
            }
            backOff(attempt);
        }
        throw contended(name);
    }

    private VerifiedArtifact checkServable(ModelRef ref) {
        VerifiedArtifact artifact = loadArtifact(ref);
        verify(artifact.manifest(), artifact.bytes());
        return artifact;
    }

    private void verify(ModelManifest manifest, byte[] onnx) {
        try {
            verifier.verify(manifest, onnx);
        } catch (ModelRejectedException e) {
            throw new RegistryException(Reason.REJECTED, manifest.ref() + " was rejected: " + e.getMessage(), e);
        }
    }

    private boolean tryWrite(String name, Optional<ChampionPointers.Tagged> current, ChampionPointer next) {
        byte[] bytes = Json.toBytes(next);
        try {
            if (current.isPresent()) {
                store.putIfMatch(StorageLayout.champion(name), bytes, JSON, current.get().eTag());
            } else {
                store.putIfAbsent(StorageLayout.champion(name), bytes, JSON);
            }
            return true;
        } catch (PreconditionFailedException lostRace) {
            return false;
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 1L + Math.min(100, 5L << Math.min(attempt, 4))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(Reason.CONFLICT, "interrupted while retrying a champion move", e);
        }
    }

    private static RegistryException alreadyExists(ModelRef ref) {
        return new RegistryException(Reason.ALREADY_EXISTS,
                ref + " is already registered; versions are never overwritten, register a new version");
    }

    private static RegistryException contended(String name) {
        return new RegistryException(Reason.CONFLICT, name + ": the champion pointer kept changing during "
                + MAX_POINTER_ATTEMPTS + " attempts; retry");
    }
}
