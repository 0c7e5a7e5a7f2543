package dev.vigil.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * How callers of the predict API authenticate: IAM (SigV4, the default) or a JWT authorizer.
 *
 * @param mode {@code iam} or {@code jwt}
 * @param issuer for jwt: the token issuer URL (https)
 * @param audience for jwt: accepted {@code aud} values, at least one
 */
public record AuthConfig(Mode mode, String issuer, List<String> audience) {

    /** Authorization mode of every route. */
    public enum Mode {
        @JsonProperty("iam") IAM,
        @JsonProperty("jwt") JWT
    }

    public AuthConfig {
        mode = mode == null ? Mode.IAM : mode;
        audience = audience == null ? List.of() : List.copyOf(audience);
    }

    static AuthConfig defaults() {
        return new AuthConfig(null, null, null);
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (mode == Mode.JWT) {
            if (issuer == null || !issuer.startsWith("https://")) {
                problems.add("auth.issuer must be the JWT issuer's https:// URL when auth.mode is jwt: " + issuer);
            }
            if (audience.isEmpty() || audience.stream().anyMatch(a -> a == null || a.isBlank())) {
                problems.add("auth.audience must list at least one accepted audience when auth.mode is jwt");
            }
        } else if (issuer != null || !audience.isEmpty()) {
            problems.add("auth.issuer and auth.audience only apply when auth.mode is jwt");
        }
        return problems;
    }
}
