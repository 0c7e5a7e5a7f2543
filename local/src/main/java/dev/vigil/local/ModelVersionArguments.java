package dev.vigil.local;

import dev.vigil.model.ModelRef;
import picocli.CommandLine.Parameters;

/**
 * The {@code MODEL VERSION} arguments, in that order, of the commands that act on one version (promote, archive,
 * baseline); register takes them too, before or after its model file.
 */
final class ModelVersionArguments {
    @Parameters(index = "0", paramLabel = "MODEL", converter = SafeName.class, description = "Model name.")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION", converter = SafeName.class,
            description = "A registered version of MODEL.")
    String version;

    ModelRef ref() {
        return new ModelRef(name, version);
    }
}
