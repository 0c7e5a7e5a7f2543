"""moto_server with one request handled at a time.

moto's server answers each request on its own thread and does not hold a lock between a conditional write's check
and its write, so two concurrent conditional puts to the same DynamoDB item (or S3 key) can both succeed. The real
services make each conditional write atomic. Handling one request at a time restores that guarantee, while clients
still connect concurrently and interleave their requests as they would against AWS.
"""
import sys
import threading

import moto.server as server

_one_request_at_a_time = threading.Lock()
_run_simple = server.run_simple


def _serialized(app):
    def handle(environ, start_response):
        with _one_request_at_a_time:
            return list(app(environ, start_response))

    return handle


def _run_simple_serialized(host, port, app, *args, **kwargs):
    return _run_simple(host, port, _serialized(app), *args, **kwargs)


server.run_simple = _run_simple_serialized

if __name__ == "__main__":
    server.main(sys.argv[1:])
