"""What vulture cannot see being used: names read by a library or a runtime, not by our code.

scripts/dead_code.py scans this file with the code, so each name below counts as used. Give each
a line saying who uses it; delete the line when the code goes.
"""
# ruff: noqa
# mypy: ignore-errors

_ = object()

# http.server calls these on its request handler (scripts/bench/cold.py's JWKS endpoint).
_.do_GET
_.log_message
# Mangum and the Lambda runtime read these from the context object (scripts/bench/common.py).
_.function_name
_.memory_limit_in_mb
# aiosmtpd calls this on its handler for each message (scripts/mailcatcher.py).
_.handle_DATA
# The mail-relay Lambda's entry point, named in serverless.yml (functions.mailRelay.handler).
_.relay_handler
# psycopg2 reads it: the quota bench runs ANALYZE and ALTER TABLE outside a transaction.
_.autocommit
# Web Push: the push-relay Lambda's entry point (serverless.yml functions.pushRelay.handler);
# http.server calls do_POST and reads RequestHandlerClass (scripts/pushcatcher.py); requests
# reads a session's trust_env (notifications/webpush.py).
_.push_relay_handler
_.do_POST
_.RequestHandlerClass
_.trust_env
