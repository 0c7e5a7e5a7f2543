package dev.vigil.local.functions;

import dev.vigil.storage.BlobStore;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.StorageLayout;
import java.nio.file.Path;

/**
 * The three stores of a deployment, with the same keys as its buckets ({@link StorageLayout}): models, labelled data
 * and reports. Locally they are usually one directory. Captured predictions, which have a bucket of their own in AWS,
 * go to the data store locally ({@link #capture()}).
 */
public record SuiteStores(BlobStore models, BlobStore data, BlobStore reports) {

    /** Where the local runner writes captured predictions ({@code capture/...}): the data store. */
    public BlobStore capture() {
        return data;
    }

    /** All three in one store. */
    public static SuiteStores of(BlobStore store) {
        return new SuiteStores(store, store, store);
    }

    /** Where {@code key} of {@code store} can be opened: a file path for a directory, else the store's URL. */
    public static String display(BlobStore store, String key) {
        if (store instanceof LocalBlobStore local) {
            Path path = local.root().resolve(key);
            Path here = Path.of("").toAbsolutePath();
            return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
        }
        String location = store.location();
        return location.endsWith("/") ? location + key : location + "/" + key;
    }
}
