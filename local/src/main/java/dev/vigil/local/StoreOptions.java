package dev.vigil.local;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the models live and how an S3 store is reached: {@code --store}, {@code --endpoint-url}, {@code --region},
 * {@code --profile}. Given once, on {@code vigil}, and taken by every subcommand wherever it appears on the line.
 */
final class StoreOptions {
    @Option(names = "--store", scope = ScopeType.INHERIT, paramLabel = "DIR|s3://BUCKET",
            defaultValue = "${env:VIGIL_STORE:-" + VigilCli.DEFAULT_STORE + "}",
            description = "Where models live: a directory or s3://BUCKET. Default: $VIGIL_STORE, else "
                    + VigilCli.DEFAULT_STORE + " in the working directory.")
    String store;

    @Option(names = "--endpoint-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "S3 endpoint for s3:// stores, e.g. an emulator (default: $AWS_ENDPOINT_URL, else AWS).")
    URI endpointUrl;

    @Option(names = "--region", scope = ScopeType.INHERIT, paramLabel = "REGION",
            description = "AWS region of an s3:// store (default: $AWS_REGION, else us-east-1).")
    String region;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "AWS profile whose credentials reach an s3:// store (default: the SDK's chain, e.g."
                    + " $AWS_PROFILE).")
    String profile;

    /** How an S3 store is reached with these options. */
    StoreLocation.S3Access s3() {
        return new StoreLocation.S3Access(endpointUrl, blankToNull(region), blankToNull(profile));
    }

    /** The options that are not their defaults, as words of a command line ({@code --endpoint-url URL ...}). */
    List<String> words() {
        List<String> words = new ArrayList<>();
        if (endpointUrl != null) {
            words.addAll(List.of("--endpoint-url", endpointUrl.toString()));
        }
        if (blankToNull(region) != null) {
            words.addAll(List.of("--region", region));
        }
        if (blankToNull(profile) != null) {
            words.addAll(List.of("--profile", profile));
        }
        return words;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
