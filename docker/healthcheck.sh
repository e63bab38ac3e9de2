#!/bin/bash
# The container's health check: healthy when GET /readyz on the HTTP port answers 200 (every
# listener bound). Uses bash's /dev/tcp, so the image needs no curl or wget. Reads the port from
# FAKEMAIL_HTTP_PORT like the server does.
exec 3<>"/dev/tcp/127.0.0.1/${FAKEMAIL_HTTP_PORT:-8025}" || exit 1
printf 'GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 2 status <&3 || exit 1
[[ $status == 'HTTP/1.1 200'* ]]
