package dev.vigil.local;

import dev.vigil.local.functions.SuiteStores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The suite's stores, opened from their {@code --store}-style names, and what must be released with them. */
final class OpenSuite implements AutoCloseable {
    private final SuiteStores stores;
    private final List<StoreLocation.OpenStore> opened;
    private final String modelsName;

    private OpenSuite(SuiteStores stores, List<StoreLocation.OpenStore> opened, String modelsName) {
        this.stores = stores;
        this.opened = opened;
        this.modelsName = modelsName;
    }

    /** Opens each distinct location once; see {@link StoreLocation#open} for {@code create} and {@code s3}. */
    static OpenSuite open(String models, String data, String reports, boolean create,
            StoreLocation.S3Access s3) {
        Map<String, StoreLocation.OpenStore> byName = new LinkedHashMap<>();
        try {
            for (String name : List.of(models, data, reports)) {
                if (!byName.containsKey(name)) {
                    byName.put(name, StoreLocation.parse(name).open(create, s3));
                }
            }
        } catch (RuntimeException e) {
            byName.values().forEach(StoreLocation.OpenStore::close);
            throw e;
        }
        return new OpenSuite(new SuiteStores(byName.get(models).store(), byName.get(data).store(),
                byName.get(reports).store()), new ArrayList<>(byName.values()), models);
    }

    SuiteStores stores() {
        return stores;
    }

    /** The models store as the user named it. */
    String modelsName() {
        return modelsName;
    }

    @Override
    public void close() {
        opened.forEach(StoreLocation.OpenStore::close);
    }
}
