package dev.vigil.predict;

import dev.vigil.model.ModelRef;
import dev.vigil.serving.ApiException;
import dev.vigil.serving.ErrorKind;

/** A request path resolved to one of the predict function's routes. */
record Route(Kind kind, String model) {
    enum Kind { HEALTH, METADATA, PREDICT, LABELS }

    private static final String MODELS = "/v1/models/";
    private static final String PREDICT_SUFFIX = ":predict";
    private static final String LABELS_SUFFIX = ":labels";

    /**
     * Resolves {@code GET /health}, {@code GET /v1/models/{model}}, {@code POST /v1/models/{model}:predict} and
     * {@code POST /v1/models/{model}:labels}.
     *
     * @throws ApiException ROUTE_NOT_FOUND, METHOD_NOT_ALLOWED or BAD_MODEL_NAME
     */
    static Route parse(String method, String rawPath) {
        String path = rawPath == null ? "" : rawPath;
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/health")) {
            requireMethod(method, "GET", path);
            return new Route(Kind.HEALTH, null);
        }
        if (!path.startsWith(MODELS) || path.length() == MODELS.length()) {
            throw new ApiException(ErrorKind.ROUTE_NOT_FOUND, "no route " + ApiException.excerpt(path)
                    + "; routes are GET /health, GET /v1/models/{model}, POST /v1/models/{model}:predict,"
                    + " POST /v1/models/{model}:labels");
        }
        String rest = decodeColon(path.substring(MODELS.length()));
        if (rest.endsWith(PREDICT_SUFFIX)) {
            requireMethod(method, "POST", path);
            return new Route(Kind.PREDICT, modelName(rest.substring(0, rest.length() - PREDICT_SUFFIX.length())));
        }
        if (rest.endsWith(LABELS_SUFFIX)) {
            requireMethod(method, "POST", path);
            return new Route(Kind.LABELS, modelName(rest.substring(0, rest.length() - LABELS_SUFFIX.length())));
        }
        if (rest.indexOf(':') >= 0 || rest.indexOf('/') >= 0) {
            throw new ApiException(ErrorKind.ROUTE_NOT_FOUND, "no route " + ApiException.excerpt(path)
                    + "; did you mean POST /v1/models/{model}:predict or POST /v1/models/{model}:labels?");
        }
        requireMethod(method, "GET", path);
        return new Route(Kind.METADATA, modelName(rest));
    }

    private static String modelName(String s) {
        if (!ModelRef.isSafe(s)) {
            throw new ApiException(ErrorKind.BAD_MODEL_NAME,
                    "model names are 1-128 characters of letters, digits, '.', '_' or '-',"
                            + " starting with a letter or digit");
        }
        return s;
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!expected.equalsIgnoreCase(method)) {
            throw new ApiException(ErrorKind.METHOD_NOT_ALLOWED, ApiException.excerpt(path) + " accepts " + expected
                    + ", not " + (method == null ? "a request without a method" : ApiException.excerpt(method)));
        }
    }

    private static String decodeColon(String s) {
        int i = s.indexOf('%');
        if (i < 0) {
            return s;
        }
        return s.replace("%3A", ":").replace("%3a", ":");
    }
}
