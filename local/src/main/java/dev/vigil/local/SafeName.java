package dev.vigil.local;

import dev.vigil.model.ModelRef;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Accepts a model name or version only if it is safe in an S3 key and a URL path, as {@link ModelRef} requires. */
final class SafeName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        if (!ModelRef.isSafe(value)) {
            throw new TypeConversionException("'" + value + "' is not a valid name: use 1 to 128 letters, digits, '.',"
                    + " '_' or '-', starting with a letter or digit");
        }
        return value;
    }
}
