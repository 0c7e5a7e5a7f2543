package dev.vigil.predict;

import dev.vigil.serving.ApiException;
import dev.vigil.serving.ErrorKind;

/**
 * What the predict service answers: a status, a JSON body, and — for failures — the error kind a metric counts.
 *
 * @param errorKind null on success
 */
public record HttpResult(int status, String body, ErrorKind errorKind, String modelVersion, int instances) {

    static HttpResult ok(String body, String modelVersion, int instances) {
        return new HttpResult(200, body, null, modelVersion, instances);
    }

    static HttpResult error(ApiException e) {
        return new HttpResult(e.status(), ErrorBody.json(e.kind(), e.getMessage()), e.kind(), null, 0);
    }
}
