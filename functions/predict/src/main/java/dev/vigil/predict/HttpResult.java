package dev.vigil.predict;

import dev.vigil.serving.ApiException;
import dev.vigil.serving.ErrorKind;

/**
 * What the predict service answers: a status, a JSON body, and — for failures — the error kind a metric counts.
 *
 * @param errorKind null on success
 * @param captured predictions of this request written as capture records
 */
public record HttpResult(int status, String body, ErrorKind errorKind, String modelVersion, int instances,
        int captured) {

    static HttpResult ok(String body, String modelVersion, int instances) {
        return ok(body, modelVersion, instances, 0);
    }

    static HttpResult ok(String body, String modelVersion, int instances, int captured) {
        return new HttpResult(200, body, null, modelVersion, instances, captured);
    }

    static HttpResult error(ApiException e) {
        return new HttpResult(e.status(), ErrorBody.json(e.kind(), e.getMessage()), e.kind(), null, 0, 0);
    }
}
